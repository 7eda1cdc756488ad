// Serilog compact JSON (CLEF): `@t`, `@l` (absent = Information), `@m` or `@mt` rendered, `@x`, `@tr`/`@sp`.
// Spec: serilog/serilog-formatting-compact README.md, src/.../Formatting/Compact/CompactJsonFormatter.cs
import type { LogFormatDef } from '../schema';

export const serilogClef: LogFormatDef = {
  name: 'serilog-clef',
  title: 'Serilog compact JSON (CLEF)',
  spec: 'serilog/serilog-formatting-compact README.md',
  priority: 20,
  signature: { all: ['@t'], any: ['@m', '@mt', '@l', '@x'] },
  time: [{ key: '@t', decode: 'iso' }],
  level: [{ key: '@l', decode: 'name' }],
  defaultLevel: 'info',
  message: [{ key: '@m' }, { key: '@mt', decode: 'template' }],
  logger: [{ key: 'SourceContext' }],
  service: [{ key: 'Application' }],
  thread: [{ key: 'ThreadId' }, { key: 'ThreadName' }],
  correlationId: [
    { key: 'RequestId', decode: 'text' },
    { key: 'CorrelationId', decode: 'text' },
  ],
  traceId: [{ key: '@tr' }],
  spanId: [{ key: '@sp' }],
  parentSpanId: [{ key: '@ps' }],
  error: [{ key: '@x' }],
  samples: [
    {
      line:
        '{"@t":"2024-05-01T08:15:00.1234567Z","@mt":"Charged {Amount} for {OrderId}","@l":"Error",' +
        '"@x":"System.InvalidOperationException: declined\\n   at Acme.Pay.Charge(Order o) in ' +
        '/src/Pay.cs:line 88","@tr":"4bf92f3577b34da6a3ce929d0e0e4736","@sp":"00f067aa0ba902b7",' +
        '"Amount":12.5,"OrderId":"o-9","SourceContext":"Acme.Pay"}',
      expect: {
        timeNs: '1714551300123456700',
        level: 'error',
        message: 'Charged 12.5 for "o-9"',
        logger: 'Acme.Pay',
        traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
        spanId: '00f067aa0ba902b7',
        source: { file: '/src/Pay.cs', line: 88, function: 'Acme.Pay.Charge' },
        error: 'System.InvalidOperationException: declined\n   at Acme.Pay.Charge(Order o) in /src/Pay.cs:line 88',
      },
    },
    {
      line:
        '{"@t":"2024-05-01T08:15:00.0000000Z","@mt":"Hello {Name:l} {{x}}","Name":"Ann","ThreadId":7,' +
        '"RequestId":"0HMV:00000001"}',
      expect: { level: 'info', message: 'Hello Ann {x}', thread: '7', correlationId: '0HMV:00000001', source: null },
    },
  ],
};
