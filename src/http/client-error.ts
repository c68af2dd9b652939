import { STATUS_CODES } from 'node:http'
import type { Duplex } from 'node:stream'
import type { Logger } from 'pino'
import { newId } from '../ids'
import { ApiError, type ProblemCode, problemBody } from './errors'

/** What Node's HTTP parser refused, as one of our problems. */
function problemFor(error: Error & { code?: string }): ApiError {
  const as = (code: ProblemCode, detail: string) => new ApiError(code, detail)
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return as(
        'request_header_fields_too_large',
        'The request line and headers are larger than the server reads (16 KiB): shorten the URL or the headers',
      )
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return as('payload_too_large', 'The chunk extensions of the body are too large')
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return as('request_timeout', 'The request did not arrive in time')
    default:
      return as('malformed_request', `The request is not valid HTTP/1.1 (${error.code ?? error.message})`)
  }
}

/**
 * Node's `clientError` listener: a request Node's HTTP parser refuses never reaches the app (a URL or header
 * block over Node's 16 KiB, a malformed request line or header, a request that took too long to arrive), and
 * Node would answer a bare `400`/`431`/`408` with no body. This answers problem+json with a request id like
 * every other error, and closes the connection, as Node does. Installed by src/server.ts:
 * `server.on('clientError', clientErrorHandler(logger))`.
 */
export function clientErrorHandler(logger: Logger) {
  return (error: Error & { code?: string }, socket: Duplex) => {
    // The peer is gone, or an answer has started on this socket: writing now would only corrupt the stream.
    const answering = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent
    if (error.code === 'ECONNRESET' || !socket.writable || answering) {
      socket.destroy()
      return
    }
    const requestId = newId('req')
    const problem = problemFor(error)
    const body = JSON.stringify(problemBody(problem, requestId))
    logger.info(
      { requestId, status: problem.status, code: problem.code, reason: error.code },
      'request refused by the HTTP parser',
    )
    const head = [
      `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status] ?? ''}`,
      'Content-Type: application/problem+json',
      `Content-Length: ${Buffer.byteLength(body)}`,
      `X-Request-Id: ${requestId}`,
      'Connection: close',
    ]
    socket.end(`${head.join('\r\n')}\r\n\r\n${body}`)
    // A client that neither reads nor closes must not keep the socket.
    setTimeout(() => socket.destroy(), 5_000).unref()
  }
}
