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
        guard let response = runHandler(request) else { return }
        if response.delay > .zero, !sleepUnlessStopping(response.delay) { return }
        ResponseWriter(socket: connection).write(response)
    }

    /// Runs the async handler from this (non-pool) thread and waits for it; nil when the server begins
    /// stopping first. A test that calls ``stop()`` from async code blocks a pool thread until this
    /// thread ends, and the handler may need that thread: waiting on regardless would deadlock once
    /// every pool thread is held that way (tests running in parallel on a small machine).
    private func runHandler(_ request: RecordedRequest) -> ScriptedResponse? {
        let box = Mutex<ScriptedResponse?>(nil)
        let done = DispatchSemaphore(value: 0)
        let handler = self.handler
        Task {
            let response = await handler(request)
            box.withLock { $0 = response }
            done.signal()
        }
        while done.wait(timeout: .now() + .milliseconds(10)) == .timedOut {
            if isStopping { return nil }
        }
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
        duration / .seconds(1)
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

/// The server could not start.
public struct LoopbackServerError: Error, CustomStringConvertible {
    /// What failed, with `errno` text.
    public let message: String
    public var description: String { "LoopbackHTTPServer: \(message)" }
}
