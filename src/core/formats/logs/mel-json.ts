// .NET Microsoft.Extensions.Logging JSON console formatter (`AddJsonConsole`, IncludeScopes for trace ids).
// Spec: dotnet/runtime src/libraries/Microsoft.Extensions.Logging.Console/src/JsonConsoleFormatter.cs
import type { LogFormatDef } from '../schema';

export const melJson: LogFormatDef = {
  name: 'mel-json',
  title: '.NET JSON console (Microsoft.Extensions.Logging)',
  spec: 'dotnet/runtime src/libraries/Microsoft.Extensions.Logging.Console/src/JsonConsoleFormatter.cs',
  priority: 25,
  signature: { all: ['LogLevel', 'Category'] },
  time: [{ key: 'Timestamp', decode: 'iso' }],
  level: [{ key: 'LogLevel', decode: 'name' }],
  message: [{ key: 'Message' }],
  logger: [{ key: 'Category' }],
  error: [{ key: 'Exception' }],
  // Scopes is an array of objects (and plain strings): TraceId/SpanId/ParentId, RequestId/RequestPath.
  context: ['Scopes', 'State'],
  samples: [
    {
      line:
        '{"Timestamp":"2024-05-01T08:15:00.123Z","EventId":0,"LogLevel":"Error","Category":"Acme.Pay",' +
        '"Message":"Charge failed for o-9","Exception":"System.InvalidOperationException: declined    at ' +
        'Acme.Pay.Charge(Order o) in /src/Pay.cs:line 88","State":{"OrderId":"o-9",' +
        '"{OriginalFormat}":"Charge failed for {OrderId}"},"Scopes":[{"SpanId":"00f067aa0ba902b7",' +
        '"TraceId":"4bf92f3577b34da6a3ce929d0e0e4736","ParentId":"0000000000000000"},{"RequestId":"0HMV:1",' +
        '"RequestPath":"/pay"}]}',
      expect: {
        timeNs: '1714551300123000000',
        level: 'error',
        message: 'Charge failed for o-9',
        logger: 'Acme.Pay',
        traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
        spanId: '00f067aa0ba902b7',
        parentSpanId: null,
        correlationId: '0HMV:1',
        source: { file: '/src/Pay.cs', line: 88, function: 'Acme.Pay.Charge' },
      },
    },
    {
      line:
        '{"EventId":14,"LogLevel":"Information","Category":"Microsoft.Hosting.Lifetime","Message":"Now ' +
        'listening on: http://localhost:5000","State":{"Message":"Now listening on: http://localhost:5000",' +
        '"address":"http://localhost:5000","{OriginalFormat}":"Now listening on: {address}"}}',
      expect: { timeNs: null, level: 'info', message: 'Now listening on: http://localhost:5000', source: null },
    },
  ],
};
