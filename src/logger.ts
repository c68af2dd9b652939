import pino, { type Logger } from 'pino'

/** Structured JSON logs. Credentials are redacted wherever they might be passed in by mistake. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'loopdesk' },
    timestamp: pino.stdTimeFunctions.isoTime,
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
