import Foundation

/// Sends one HTTP request and returns the complete response: a dependency as a value.
///
/// ``live(maxResponseBytes:)`` uses POSIX sockets for `http://` and URLSession for `https://`, with a
/// per-request deadline and a response size cap; tests build a value from a closure to inject responses or faults:
///
/// ```swift
/// let transport = HTTPTransport { request in HTTPResponse(status: 503) }
/// ```
///
/// A transport throws ``NetworkError`` for faults it detects (`timeout`, `unreachable`, `connection`, `tooLarge`)
/// and returns non-2xx responses as values; ``RetryPolicy/perform(_:over:clock:random:isFinal:decode:)``
/// classifies those.
public struct HTTPTransport: Sendable {
    /// Sends a request and returns its full response.
    public var send: @Sendable (HTTPRequest) async throws -> HTTPResponse

    /// Creates a transport from a send closure.
    ///
    /// - Parameter send: Sends a request and returns the full response.
    public init(send: @escaping @Sendable (HTTPRequest) async throws -> HTTPResponse) {
        self.send = send
    }

    /// The real transport: POSIX sockets for `http://` URLs, URLSession for everything else (`https://`).
    ///
    /// Plain-HTTP endpoints are typically a local model server on the same machine; waiting for
    /// them through ``sockets(maxResponseBytes:)`` costs no CPU, whereas URLSession on Linux keeps
    /// about one core busy while it waits. Both transports share the deadline, the size cap and the
    /// fault mapping.
    ///
    /// - Parameter maxResponseBytes: The largest body accepted (default 8 MiB).
    /// - Returns: The transport.
    public static func live(maxResponseBytes: Int = 8 << 20) -> HTTPTransport {
        let secure = urlSession(maxResponseBytes: maxResponseBytes)
        #if canImport(Glibc)
        let plain = sockets(maxResponseBytes: maxResponseBytes)
        return HTTPTransport { request in
            request.url.scheme?.lowercased() == "http" ? try await plain.send(request) : try await secure.send(request)
        }
        #else
        return secure
        #endif
    }

    /// The transport over URLSession (FoundationNetworking on Linux), for any scheme it supports.
    ///
    /// The body is streamed into memory chunk by chunk and the transfer is cancelled as soon as it
    /// would exceed `maxResponseBytes` (or when `Content-Length` announces more), so memory stays
    /// bounded by the cap. Each request gets its own ephemeral session (no cookies, no cache).
    ///
    /// - Parameter maxResponseBytes: The largest body accepted (default 8 MiB).
    /// - Returns: The transport.
    public static func urlSession(maxResponseBytes: Int = 8 << 20) -> HTTPTransport {
        precondition(maxResponseBytes > 0, "maxResponseBytes must be positive")
        return HTTPTransport { request in
            try await URLSessionExchange.send(request, maxResponseBytes: maxResponseBytes)
        }
    }
}
