import pino, { type Logger } from 'pino'

/** Structured JSON logs. Credentials are redacted wherever they might be passed in by mistake. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'loopdesk' },
    timestamp: pino.stdTimeFunctions.isoTime,
    serializers: { err: pino.stdSerializers.err },
    // Workers get pino's browser build, which ignores `base` and applies `redact`, level and time only when it
    // logs one object per call: write that object as one JSON line, as pino does on Node.
    browser: {
      asObject: true,
      serialize: true,
      write: (o) => console.log(JSON.stringify({ service: 'loopdesk', ...o })),
    },
    redact: {
      paths: [
        'authorization',
        'cookie',
        'secret',
        'password',
        'token',
        '*.authorization',
        '*.cookie',
        '*.secret',
        '*.password',
        '*.token',
        'headers.authorization',
        'headers.cookie',
      ],
      censor: '[redacted]',
    },
  })
}
