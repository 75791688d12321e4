import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// A small scripted HTTP/1.1 server for tests, on POSIX sockets, bound to 127.0.0.1 only.
///
/// It listens on an ephemeral port, reads each request (method, path, headers, body; both
/// `Content-Length` and chunked request bodies; answers `Expect: 100-continue`), records it, asks
/// your async handler for a ``ScriptedResponse``, and writes that response with
/// `Connection: close`. A response can inject faults: a delay before answering, a connection reset
/// in the middle of the body, a body shorter than its `Content-Length`, a huge body, or closing
/// without any response (see ``ScriptedResponse/Fault``).
///
/// Each connection is served on its own thread (blocking socket I/O never runs on the Swift
/// concurrency pool); ``stop()`` closes the listening socket and waits for every thread, so tests
/// leak neither threads nor ports. Prefer ``withServer(_:_:)``, which always stops.
///
/// ```swift
/// try await LoopbackHTTPServer.withServer { request in
///     request.path == "/v1/chat/completions"
///         ? OpenAIScript.chatCompletion(content: #"{"name":"Ada"}"#)
///         : ScriptedResponse(status: 404)
/// } _: { server in
///     let client = ChatCompletionClient(baseURL: server.baseURL, model: "m", apiKey: nil)
///     let result = try await client.complete(messages: [.user("hi")], options: ChatOptions())
///     #expect(server.requests.count == 1)
/// }
/// ```
///
/// Scripting several answers in order:
/// `LoopbackHTTPServer(handler: LoopbackHTTPServer.sequence([a, b, c]))` (the last one repeats).
public final class LoopbackHTTPServer: Sendable {
    /// The async handler that decides the answer to each request.
    public typealias Handler = @Sendable (RecordedRequest) async -> ScriptedResponse

    /// The port the server listens on (127.0.0.1).
    public let port: Int
    /// `http://127.0.0.1:<port>` (no trailing slash).
    public let baseURL: URL

    private let listener: Int32
    private let handler: Handler
    private let state = Mutex(ServerState())
    private let threads = DispatchGroup()

    private struct ServerState {
        var requests: [RecordedRequest] = []
        var stopping = false
        var closed = false
        var connectionsServed = 0
    }

    /// Starts a server on 127.0.0.1 with an ephemeral port.
    ///
    /// - Parameter handler: Called once per request, on a task, with the recorded request.
    /// - Throws: ``LoopbackServerError`` when the socket cannot be created, bound or listened on.
    public init(handler: @escaping Handler) throws {
        let (socket, port) = try Sockets.listenOnLoopback()
        self.listener = socket
        self.port = port
        self.handler = handler
        guard let url = URL(string: "http://127.0.0.1:\(port)") else {
            Sockets.close(socket)
            throw LoopbackServerError(message: "cannot form a URL for port \(port)")
        }
        self.baseURL = url
        threads.enter()
        let thread = Thread { [self] in
            acceptLoop()
            threads.leave()
        }
        thread.name = "LoopbackHTTPServer.accept:\(port)"
        thread.start()
    }

    /// Runs `body` with a fresh server and stops the server afterwards, even when `body` throws.
    ///
    /// - Parameters:
    ///   - handler: The request handler.
    ///   - body: The test code, given the running server.
    /// - Returns: What `body` returns.
    public static func withServer<T: Sendable>(_ handler: @escaping Handler, _ body: (LoopbackHTTPServer) async throws -> T) async throws -> T {
        let server = try LoopbackHTTPServer(handler: handler)
        do {
            let result = try await body(server)
            await server.stopAsync()
            return result
        } catch {
            await server.stopAsync()
            throw error
        }
    }

    /// Every request received so far, in arrival order.
    public var requests: [RecordedRequest] { state.withLock { $0.requests } }

    /// Stops accepting, waits for every connection thread to finish, and closes the socket.
    ///
    /// Idempotent. Blocks until in-flight handlers return (delays are cut short).
    public func stop() {
        let alreadyClosed = state.withLock { state -> Bool in
            state.stopping = true
            return state.closed
        }
        guard !alreadyClosed else { return }
        threads.wait()
        let shouldClose = state.withLock { state -> Bool in
            defer { state.closed = true }
            return !state.closed
        }
        if shouldClose { Sockets.close(listener) }
    }

    /// ``stop()`` without blocking a thread of the Swift concurrency pool.
    public func stopAsync() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async {
                self.stop()
                continuation.resume()
            }
        }
    }

    private var isStopping: Bool { state.withLock { $0.stopping } }

    private func acceptLoop() {
        while !isStopping {
            guard Sockets.waitReadable(listener, milliseconds: 20) else { continue }
            guard let connection = Sockets.accept(listener) else { continue }
            threads.enter()
            let thread = Thread { [self] in
                serve(connection)
                Sockets.close(connection)
                threads.leave()
            }
            thread.name = "LoopbackHTTPServer.connection:\(port)"
            thread.start()
        }
    }

    private func serve(_ connection: Int32) {
        let reader = SocketReader(socket: connection, shouldStop: { [self] in isStopping })
        guard let parsed = reader.readRequest() else { return }
        if parsed.expectsContinue { Sockets.writeAll(connection, Data("HTTP/1.1 100 Continue\r\n\r\n".utf8)) }
        guard let body = reader.readBody(for: parsed) else { return }
        let request = state.withLock { state -> RecordedRequest in
            let request = RecordedRequest(index: state.requests.count, method: parsed.method, path: parsed.path, headers: parsed.headers, body: body)
            state.requests.append(request)
            return request
        }
        let response = runHandler(request)
        if response.delay > .zero, !sleepUnlessStopping(response.delay) { return }
        ResponseWriter(socket: connection).write(response)
    }

    /// Runs the async handler from this (non-pool) thread and waits for it.
    private func runHandler(_ request: RecordedRequest) -> ScriptedResponse {
        let box = Mutex<ScriptedResponse?>(nil)
        let done = DispatchSemaphore(value: 0)
        let handler = self.handler
        Task {
            let response = await handler(request)
            box.withLock { $0 = response }
            done.signal()
        }
        done.wait()
        return box.withLock { $0 } ?? ScriptedResponse(status: 500)
    }

    /// Sleeps in short slices; returns false when the server began stopping meanwhile.
    private func sleepUnlessStopping(_ duration: Duration) -> Bool {
        let end = ContinuousClock.now + duration
        while ContinuousClock.now < end {
            if isStopping { return false }
            Thread.sleep(forTimeInterval: min(0.01, max(0, Self.seconds(end - ContinuousClock.now))))
        }
        return true
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }
}

extension LoopbackHTTPServer {
    /// A handler that answers with `responses` in order; once they run out the last one repeats.
    ///
    /// - Parameter responses: At least one response.
    /// - Returns: The handler.
    public static func sequence(_ responses: [ScriptedResponse]) -> Handler {
        precondition(!responses.isEmpty, "sequence needs at least one response")
        let next = Mutex(0)
        return { _ in
            let index = next.withLock { index -> Int in
                defer { index += 1 }
                return index
            }
            return responses[min(index, responses.count - 1)]
        }
    }
}

/// A request as the ``LoopbackHTTPServer`` received it.
public struct RecordedRequest: Sendable {
    /// 0 for the first request the server received, 1 for the next, …
    public let index: Int
    /// The method (`GET`, `POST`, …).
    public let method: String
    /// The request target as sent, query included (`/v1/chat/completions`).
    public let path: String
    /// Headers with lower-cased names.
    public let headers: [String: String]
    /// The body (de-chunked).
    public let body: Data

    /// The value of header `name`, case-insensitively.
    public func header(_ name: String) -> String? { headers[name.lowercased()] }

    /// The body as UTF-8 text.
    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// The body parsed as a JSON object, or nil when it is not one.
    public func jsonObject() -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
    }
}

/// What the ``LoopbackHTTPServer`` answers, possibly with an injected fault.
public struct ScriptedResponse: Sendable {
    /// A fault injected while answering.
    public enum Fault: Sendable, Equatable {
        /// Answer normally.
        case none
        /// Send the headers and half the body, then reset the connection (TCP RST).
        case resetMidBody
        /// Announce `declaredLength` bytes in `Content-Length`, send the (shorter) body, close.
        case truncatedBody(declaredLength: Int)
        /// Send `bytes` bytes of filler instead of `body`, with `Content-Length` when
        /// `announceLength`, otherwise delimited by closing the connection. Stops early when
        /// the client goes away.
        case hugeBody(bytes: Int, announceLength: Bool)
        /// Read the request, then close the connection without answering.
        case closeWithoutResponse
    }

    /// The status code.
    public var status: Int
    /// Extra headers (`Content-Length` and `Connection` are set by the server).
    public var headers: [String: String]
    /// The body.
    public var body: Data
    /// How long to wait before answering (cut short when the server stops).
    public var delay: Duration
    /// The fault to inject.
    public var fault: Fault

    /// Creates a response.
    ///
    /// - Parameters:
    ///   - status: The status code (default 200).
    ///   - headers: Extra headers.
    ///   - body: The body.
    ///   - delay: A wait before answering.
    ///   - fault: A fault to inject.
    public init(status: Int = 200, headers: [String: String] = [:], body: Data = Data(), delay: Duration = .zero, fault: Fault = .none) {
        self.status = status
        self.headers = headers
        self.body = body
        self.delay = delay
        self.fault = fault
    }

    /// A JSON response (`Content-Type: application/json`).
    ///
    /// - Parameters:
    ///   - text: The JSON text.
    ///   - status: The status code.
    ///   - headers: Extra headers.
    /// - Returns: The response.
    public static func json(_ text: String, status: Int = 200, headers: [String: String] = [:]) -> ScriptedResponse {
        var all = headers
        all["Content-Type"] = "application/json"
        return ScriptedResponse(status: status, headers: all, body: Data(text.utf8))
    }

    /// A plain-text response.
    public static func text(_ text: String, status: Int = 200, headers: [String: String] = [:]) -> ScriptedResponse {
        var all = headers
        all["Content-Type"] = "text/plain; charset=utf-8"
        return ScriptedResponse(status: status, headers: all, body: Data(text.utf8))
    }

    /// This response with a delay before answering.
    public func delayed(by delay: Duration) -> ScriptedResponse {
        var copy = self
        copy.delay = delay
        return copy
    }

    /// This response with a fault injected.
    public func with(_ fault: Fault) -> ScriptedResponse {
        var copy = self
        copy.fault = fault
        return copy
    }
}

/// The server could not start.
public struct LoopbackServerError: Error, CustomStringConvertible {
    /// What failed, with `errno` text.
    public let message: String
    public var description: String { "LoopbackHTTPServer: \(message)" }
}
