// The VS Code theme variables the test page sets, as VS Code sets them on a webview's <html>: values of the
// default Light Modern, Dark Modern and High Contrast themes.

export type ThemeName = 'light' | 'dark' | 'high-contrast';

const common = {
  'font-family': 'system-ui, "Ubuntu", "Droid Sans", sans-serif',
  'font-size': '13px',
  'editor-font-family': '"Droid Sans Mono", "monospace", monospace',
  'editor-font-size': '12px',
};

export const THEMES: Record<ThemeName, { bodyClass: string; vars: Record<string, string> }> = {
  dark: {
    bodyClass: 'vscode-dark',
    vars: {
      ...common,
      'foreground': '#cccccc', 'editor-foreground': '#cccccc', 'editor-background': '#1f1f1f', 'descriptionForeground': '#9d9d9d',
      'disabledForeground': '#cccccc80', 'focusBorder': '#0078d4', 'widget-border': '#313131', 'panel-border': '#2b2b2b',
      'sideBar-background': '#181818', 'sideBarSectionHeader-background': '#181818', 'editorWidget-background': '#202020',
      'editorIndentGuide-background1': '#404040', 'list-activeSelectionBackground': '#04395e', 'list-activeSelectionForeground': '#ffffff',
      'list-hoverBackground': '#2a2d2e', 'editorError-foreground': '#f14c4c', 'errorForeground': '#f85149', 'editorWarning-foreground': '#cca700',
      'charts-foreground': '#cccccc', 'charts-red': '#f14c4c', 'charts-blue': '#3794ff', 'charts-yellow': '#cca700', 'charts-orange': '#d18616',
      'charts-green': '#89d185', 'charts-purple': '#b180d7', 'terminal-ansiCyan': '#11a8cd', 'terminal-ansiMagenta': '#bc3fbc',
      'terminal-ansiBrightBlue': '#3b8eea', 'terminal-ansiBrightGreen': '#23d18b', 'terminal-ansiBrightMagenta': '#d670d6',
      'terminal-ansiBrightCyan': '#29b8db', 'terminal-ansiBrightYellow': '#f5f543', 'editor-findMatchHighlightBackground': '#ea5c0055',
      'editorHoverWidget-background': '#202020', 'editorHoverWidget-border': '#454545', 'widget-shadow': '#0000005c',
      'input-background': '#313131', 'input-foreground': '#cccccc', 'input-border': '#3c3c3c', 'input-placeholderForeground': '#989898',
      'button-background': '#0078d4', 'button-foreground': '#ffffff', 'button-hoverBackground': '#026ec1',
      'button-secondaryBackground': '#313131', 'button-secondaryForeground': '#cccccc', 'button-secondaryHoverBackground': '#3c3c3c',
      'icon-foreground': '#cccccc', 'toolbar-hoverBackground': '#5a5d5e50', 'toolbar-activeBackground': '#63666750',
      'settings-textInputBackground': '#313131', 'settings-textInputForeground': '#cccccc', 'settings-textInputBorder': '#3c3c3c',
      'inputOption-activeBackground': '#2489db82', 'inputOption-activeBorder': '#2488db', 'inputOption-activeForeground': '#ffffff',
      'inputValidation-errorBackground': '#5a1d1d', 'inputValidation-errorBorder': '#be1100', 'testing-iconPassed': '#73c991',
    },
  },
  light: {
    bodyClass: 'vscode-light',
    vars: {
      ...common,
      'foreground': '#3b3b3b', 'editor-foreground': '#3b3b3b', 'editor-background': '#ffffff', 'descriptionForeground': '#3b3b3b',
      'disabledForeground': '#61616180', 'focusBorder': '#005fb8', 'widget-border': '#e5e5e5', 'panel-border': '#e5e5e5',
      'sideBar-background': '#f8f8f8', 'sideBarSectionHeader-background': '#f8f8f8', 'editorWidget-background': '#f8f8f8',
      'editorIndentGuide-background1': '#d3d3d3', 'list-activeSelectionBackground': '#e8e8e8', 'list-activeSelectionForeground': '#000000',
      'list-hoverBackground': '#f2f2f2', 'editorError-foreground': '#e51400', 'errorForeground': '#f85149', 'editorWarning-foreground': '#bf8803',
      'charts-foreground': '#616161', 'charts-red': '#e51400', 'charts-blue': '#1a85ff', 'charts-yellow': '#bf8803', 'charts-orange': '#d18616',
      'charts-green': '#388a34', 'charts-purple': '#652d90', 'terminal-ansiCyan': '#0598bc', 'terminal-ansiMagenta': '#bc05bc',
      'terminal-ansiBrightBlue': '#0451a5', 'terminal-ansiBrightGreen': '#14ce14', 'terminal-ansiBrightMagenta': '#bc05bc',
      'terminal-ansiBrightCyan': '#0598bc', 'terminal-ansiBrightYellow': '#b5ba00', 'editor-findMatchHighlightBackground': '#ea5c0055',
      'editorHoverWidget-background': '#f8f8f8', 'editorHoverWidget-border': '#c8c8c8', 'widget-shadow': '#00000029',
      'input-background': '#ffffff', 'input-foreground': '#3b3b3b', 'input-border': '#cecece', 'input-placeholderForeground': '#767676',
      'button-background': '#005fb8', 'button-foreground': '#ffffff', 'button-hoverBackground': '#0258a8',
      'button-secondaryBackground': '#e5e5e5', 'button-secondaryForeground': '#3b3b3b', 'button-secondaryHoverBackground': '#cccccc',
      'icon-foreground': '#3b3b3b', 'toolbar-hoverBackground': '#b8b8b850', 'toolbar-activeBackground': '#a6a6a650',
      'settings-textInputBackground': '#ffffff', 'settings-textInputForeground': '#3b3b3b', 'settings-textInputBorder': '#cecece',
      'inputOption-activeBackground': '#bed6ed', 'inputOption-activeBorder': '#005fb8', 'inputOption-activeForeground': '#000000',
      'inputValidation-errorBackground': '#f2dede', 'inputValidation-errorBorder': '#be1100', 'testing-iconPassed': '#388a34',
    },
  },
  'high-contrast': {
    bodyClass: 'vscode-high-contrast',
    vars: {
      ...common,
      'foreground': '#ffffff', 'editor-foreground': '#ffffff', 'editor-background': '#000000', 'descriptionForeground': '#ffffffb3',
      'disabledForeground': '#a5a5a5', 'focusBorder': '#f38518', 'contrastBorder': '#6fc3df', 'contrastActiveBorder': '#f38518',
      'list-focusOutline': '#f38518', 'widget-border': '#6fc3df', 'panel-border': '#6fc3df',
      'sideBar-background': '#000000', 'sideBarSectionHeader-background': '#000000', 'editorWidget-background': '#0c141f',
      'editorIndentGuide-background1': '#ffffff', 'list-hoverBackground': '#00000000', 'list-activeSelectionBackground': '#00000000',
      'editorError-foreground': '#f48771', 'errorForeground': '#f48771', 'editorWarning-foreground': '#ffd370',
      'charts-foreground': '#ffffff', 'charts-red': '#f14c4c', 'charts-blue': '#3794ff', 'charts-yellow': '#cca700', 'charts-orange': '#d18616',
      'charts-green': '#89d185', 'charts-purple': '#b180d7', 'terminal-ansiCyan': '#00ffff', 'terminal-ansiMagenta': '#ff00ff',
      'terminal-ansiBrightBlue': '#5c5cff', 'terminal-ansiBrightGreen': '#00ff00', 'terminal-ansiBrightMagenta': '#ff00ff',
      'terminal-ansiBrightCyan': '#00ffff', 'terminal-ansiBrightYellow': '#ffff00', 'editor-findMatchBorder': '#f38518',
      'editorHoverWidget-background': '#0c141f', 'editorHoverWidget-border': '#6fc3df', 'input-background': '#000000',
      'input-foreground': '#ffffff', 'input-border': '#6fc3df', 'button-background': '#000000', 'button-foreground': '#ffffff',
      'button-border': '#6fc3df', 'button-secondaryBackground': '#000000', 'button-secondaryForeground': '#ffffff', 'icon-foreground': '#ffffff',
      'settings-textInputBackground': '#000000', 'settings-textInputForeground': '#ffffff', 'settings-textInputBorder': '#6fc3df',
      'inputOption-activeBackground': '#00000000', 'inputOption-activeBorder': '#6fc3df', 'inputOption-activeForeground': '#ffffff',
      'inputValidation-errorBackground': '#000000', 'inputValidation-errorBorder': '#f48771', 'testing-iconPassed': '#89d185',
    },
  },
};
