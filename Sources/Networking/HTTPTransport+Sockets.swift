#if canImport(Glibc)
import Foundation

extension HTTPTransport {
    /// A transport for plain `http://` URLs over POSIX sockets, one connection per request.
    ///
    /// Every wait (connect, send, receive) is a `poll` bounded by the request's deadline, on a
    /// dedicated thread (never a Swift concurrency pool thread), so waiting for a slow server costs
    /// no CPU, unlike URLSession on Linux, whose event loop keeps a core busy while it waits.
    /// The request goes out with `Host`, `Content-Length` (when there is a body) and
    /// `Connection: close`; the response may be framed by `Content-Length`, chunked, or the end of
    /// the stream. Redirects are returned as responses, not followed. Cancelling the awaiting task
    /// wakes the thread, which closes the socket; the call then throws `CancellationError`.
    ///
    /// Faults map as in ``urlSession(maxResponseBytes:)``: the deadline → `timeout`; a name that
    /// does not resolve or a refused or unreachable address → `unreachable`; a reset, an early
    /// close, a body shorter than its `Content-Length`, or a malformed response → `connection`;
    /// a body past the cap → `tooLarge` (announced: before reading it; streamed:
    /// within one 64 KiB read past the cap).
    ///
    /// - Parameter maxResponseBytes: The largest body accepted (default 8 MiB).
    /// - Returns: The transport; it throws ``NetworkError`` (`connection`) for URLs that are not `http://`.
    public static func sockets(maxResponseBytes: Int = 8 << 20) -> HTTPTransport {
        precondition(maxResponseBytes > 0, "maxResponseBytes must be positive")
        return HTTPTransport { request in
            try await SocketExchange.send(request, maxResponseBytes: maxResponseBytes)
        }
    }
}

/// One request over its own socket, on its own thread; the awaiting task resumes when it ends.
enum SocketExchange {
    /// Sends `request`; see ``HTTPTransport/sockets(maxResponseBytes:)``.
    static func send(_ request: HTTPRequest, maxResponseBytes: Int) async throws -> HTTPResponse {
        try Task.checkCancellation()
        let deadline = ContinuousClock.now + request.timeout
        let wake: WakeSignal
        do {
            wake = try WakeSignal()
        } catch {
            throw networkError(error, request: request)
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<HTTPResponse, Error>) in
                let thread = Thread {
                    let result = Result<HTTPResponse, Error> {
                        do throws(SocketFailure) {
                            return try exchange(request, deadline: deadline, wake: wake, limit: maxResponseBytes)
                        } catch {
                            throw networkError(error, request: request)
                        }
                    }
                    wake.close()
                    continuation.resume(with: result)
                }
                thread.name = "HTTPTransport.sockets"
                thread.start()
            }
        } onCancel: {
            wake.signal()
        }
    }

    /// Connects, sends and reads the response, blocking the calling (dedicated) thread.
    private static func exchange(_ request: HTTPRequest, deadline: ContinuousClock.Instant, wake: WakeSignal, limit: Int) throws(SocketFailure) -> HTTPResponse {
        let target = try Target(request.url)
        let connection = try SocketConnection.connect(host: target.host, port: target.port, deadline: deadline, wake: wake)
        defer { connection.close() }
        try connection.send(requestBytes(request, target: target))
        var reader = HTTP1ResponseReader(connection: connection, limit: limit)
        return try reader.readResponse(method: request.method)
    }

    /// Where an `http://` URL points, and what goes in the request line and `Host` header.
    struct Target {
        var host: String
        var port: Int
        var hostHeader: String
        var requestTarget: String

        init(_ url: URL) throws(SocketFailure) {
            guard url.scheme?.lowercased() == "http" else {
                throw .connection("the socket transport speaks plain http:// only, not \(url.scheme ?? "a URL without a scheme")")
            }
            guard let components = URLComponents(url: url, resolvingAgainstBaseURL: true),
                  let rawHost = components.host, !rawHost.isEmpty else {
                throw .connection("no host in \(url.absoluteString)")
            }
            host = rawHost.hasPrefix("[") && rawHost.hasSuffix("]") ? String(rawHost.dropFirst().dropLast()) : rawHost
            port = components.port ?? 80
            let bracketed = host.contains(":") ? "[\(host)]" : host
            hostHeader = components.port == nil ? bracketed : "\(bracketed):\(port)"
            let path = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
            requestTarget = components.percentEncodedQuery.map { "\(path)?\($0)" } ?? path
        }
    }

    /// The request head and body as bytes; caller headers that the transport owns are replaced.
    static func requestBytes(_ request: HTTPRequest, target: Target) -> [UInt8] {
        let owned: Set<String> = ["host", "content-length", "connection", "transfer-encoding"]
        var head = "\(request.method) \(target.requestTarget) HTTP/1.1\r\nHost: \(target.hostHeader)\r\n"
        for (name, value) in request.headers.sorted(by: { $0.key < $1.key }) where !owned.contains(name.lowercased()) {
            head += "\(name): \(value)\r\n"
        }
        if let body = request.body { head += "Content-Length: \(body.count)\r\n" }
        head += "Connection: close\r\n\r\n"
        var bytes = Array(head.utf8)
        if let body = request.body { bytes.append(contentsOf: body) }
        return bytes
    }

    private static func networkError(_ failure: SocketFailure, request: HTTPRequest) -> any Error {
        switch failure {
        case .cancelled:
            CancellationError()
        case .timeout:
            NetworkError(kind: .timeout, request: request, detail: "no complete response within \(request.timeout / .seconds(1)) s")
        case let .connection(detail):
            NetworkError(kind: .connection, request: request, detail: detail)
        case let .unreachable(detail):
            NetworkError(kind: .unreachable, request: request, detail: detail)
        case let .tooLarge(status, detail):
            NetworkError(kind: .tooLarge, request: request, status: status, detail: detail)
        }
    }
}
#endif
