// Row geometry shared by drawing and hit-testing.
export const ROW_H = 22;
export const AXIS_H = 26;
export const BAR_TOP = 3;
export const BAR_H = 11;
export const LANE_TOP = 15;
export const LANE_H = 6;
export const MARKER_W = 2;
export const INDENT = 12;
export const MINIMAP_H = 44;
