// Message patterns: templates with the variable parts masked, counted per template (see mask.ts, collector.ts).
export { patternIdOf, templateOf, templateId, PatternIds, PLACEHOLDERS } from './mask';
export { PatternCollector, type PatternSummary, type PatternReport, type LevelCounts } from './collector';
export { collectPatterns, type CollectOptions, type PatternSession } from './collect';
