// The JSON Schema subset the agent tools declare (objects of strings, integers, booleans and string arrays), and
// a check of arguments against it that says what is wrong in words a model can act on.

export interface JsonSchema {
  type: 'object' | 'string' | 'integer' | 'number' | 'boolean' | 'array';
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean;
  items?: JsonSchema;
  enum?: string[];
  minimum?: number;
  maximum?: number;
  minItems?: number;
}

/** Null when `value` fits `schema`; else what is wrong, naming the argument. */
export function validateArgs(schema: JsonSchema, value: unknown, path = 'arguments'): string | null {
  switch (schema.type) {
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return `${path} must be an object`;
      const obj = value as Record<string, unknown>;
      for (const r of schema.required ?? []) if (obj[r] === undefined) return `${r} is required`;
      for (const [k, v] of Object.entries(obj)) {
        const sub = schema.properties?.[k];
        if (!sub) {
          if (schema.additionalProperties !== false) continue;
          return `unknown argument ${k} (expected: ${Object.keys(schema.properties ?? {}).join(', ')})`;
        }
        if (v === undefined) continue;
        const p = validateArgs(sub, v, k);
        if (p) return p;
      }
      return null;
    }
    case 'string':
      if (typeof value !== 'string') return `${path} must be a string`;
      if (schema.enum && !schema.enum.includes(value)) return `${path} must be one of ${schema.enum.join(', ')}`;
      return null;
    case 'integer':
    case 'number': {
      const whole = schema.type !== 'integer' || Number.isInteger(value);
      if (typeof value !== 'number' || !Number.isFinite(value) || !whole) {
        return `${path} must be ${schema.type === 'integer' ? 'an integer' : 'a number'}`;
      }
      if (schema.minimum !== undefined && value < schema.minimum) return `${path} must be at least ${schema.minimum}`;
      if (schema.maximum !== undefined && value > schema.maximum) return `${path} must be at most ${schema.maximum}`;
      return null;
    }
    case 'boolean':
      return typeof value === 'boolean' ? null : `${path} must be true or false`;
    case 'array': {
      if (!Array.isArray(value)) return `${path} must be an array`;
      if (schema.minItems !== undefined && value.length < schema.minItems) {
        return `${path} needs at least ${schema.minItems} item(s)`;
      }
      for (let i = 0; i < value.length; i++) {
        const p = schema.items ? validateArgs(schema.items, value[i], `${path}[${i}]`) : null;
        if (p) return p;
      }
      return null;
    }
  }
}
