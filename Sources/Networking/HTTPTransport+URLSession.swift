import Dispatch
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization

/// One request over its own ephemeral URLSession, collected by a delegate that enforces the size cap.
enum URLSessionExchange {
    /// Sends `request`; see ``HTTPTransport/urlSession(maxResponseBytes:)``.
    static func send(_ request: HTTPRequest, maxResponseBytes: Int) async throws -> HTTPResponse {
        try Task.checkCancellation()
        let seconds = max(0.001, request.timeout / .seconds(1))
        // The deadline below enforces `request.timeout`; URLSession's own timeouts (whole seconds
        // on Linux, sub-second values misbehave) only back it up.
        let backstop = seconds.rounded(.up) + 1
        var urlRequest = URLRequest(url: request.url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: backstop)
        urlRequest.httpMethod = request.method
        for (name, value) in request.headers { urlRequest.setValue(value, forHTTPHeaderField: name) }
        urlRequest.httpBody = request.body

        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = backstop
        configuration.timeoutIntervalForResource = backstop
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil

        let collector = ResponseCollector(request: request, limit: maxResponseBytes)
        let session = URLSession(configuration: configuration, delegate: collector, delegateQueue: nil)
        defer { session.finishTasksAndInvalidate() }
        let task = session.dataTask(with: urlRequest)
        let deadline = DispatchWorkItem {
            collector.fail(NetworkError(kind: .timeout, request: request, detail: "no complete response within \(seconds) s"))
            task.cancel()
        }
        defer { deadline.cancel() }

        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                collector.install(continuation)
                DispatchQueue.global().asyncAfter(deadline: .now() + seconds, execute: deadline)
                task.resume()
            }
        } onCancel: {
            collector.cancel()
            task.cancel()
        }
    }
}

/// URLSession delegate that streams the body into memory, never past `limit` bytes.
private final class ResponseCollector: NSObject, URLSessionDataDelegate, Sendable {
    private struct State {
        var continuation: CheckedContinuation<HTTPResponse, Error>?
        var response: HTTPURLResponse?
        var body = Data()
        var failure: (any Error)?
        var finished = false
    }

    private let request: HTTPRequest
    private let limit: Int
    private let state = Mutex(State())

    init(request: HTTPRequest, limit: Int) {
        self.request = request
        self.limit = limit
    }

    /// Stores the continuation that ``urlSession(_:task:didCompleteWithError:)`` resumes.
    func install(_ continuation: CheckedContinuation<HTTPResponse, Error>) {
        state.withLock { $0.continuation = continuation }
    }

    /// Records the first failure; the caller then cancels the task, which completes it.
    func fail(_ error: NetworkError) {
        state.withLock { if $0.failure == nil && !$0.finished { $0.failure = error } }
    }

    /// Records cancellation of the awaiting task.
    func cancel() {
        state.withLock { if $0.failure == nil && !$0.finished { $0.failure = CancellationError() } }
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse, completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        let http = response as? HTTPURLResponse
        let announced = response.expectedContentLength
        let tooLarge = announced > Int64(limit)
        state.withLock { state in
            state.response = http
            if tooLarge, state.failure == nil {
                state.failure = NetworkError(kind: .tooLarge, request: request, status: http?.statusCode, detail: "response announces \(announced) bytes (Content-Length), more than the \(limit)-byte cap")
            }
        }
        completionHandler(tooLarge ? .cancel : .allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let exceeded = state.withLock { state -> Bool in
            guard state.failure == nil else { return false }
            if state.body.count + data.count > limit {
                state.failure = NetworkError(kind: .tooLarge, request: request, status: state.response?.statusCode, detail: "response body exceeds the \(limit)-byte cap (transfer cancelled after \(state.body.count + data.count) bytes)")
                state.body = Data()
                return true
            }
            state.body.append(data)
            return false
        }
        if exceeded { dataTask.cancel() }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        let (continuation, result) = state.withLock { state -> (CheckedContinuation<HTTPResponse, Error>?, Result<HTTPResponse, Error>) in
            state.finished = true
            let continuation = state.continuation
            state.continuation = nil
            return (continuation, outcome(state, error: error))
        }
        continuation?.resume(with: result)
    }

    private func outcome(_ state: State, error: Error?) -> Result<HTTPResponse, Error> {
        if let failure = state.failure { return .failure(failure) }
        if let error { return .failure(classify(error)) }
        guard let http = state.response else {
            return .failure(NetworkError(kind: .connection, request: request, detail: "no HTTP response"))
        }
        var headers: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            if let name = name as? String, let value = value as? String { headers[name.lowercased()] = value }
        }
        let announced = http.expectedContentLength
        if announced > 0, headers["content-encoding"] == nil, Int64(state.body.count) < announced {
            return .failure(NetworkError(kind: .connection, request: request, status: http.statusCode, detail: "connection closed after \(state.body.count) of \(announced) announced body bytes"))
        }
        return .success(HTTPResponse(status: http.statusCode, headers: headers, body: state.body))
    }

    /// Codes meaning no connection was made: name resolution, connect or TLS handshake failed.
    private static let noConnection: Set<URLError.Code> = [
        .cannotFindHost, .dnsLookupFailed, .cannotConnectToHost, .notConnectedToInternet, .secureConnectionFailed,
        .serverCertificateUntrusted, .serverCertificateHasBadDate, .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot,
        .clientCertificateRejected, .clientCertificateRequired,
    ]

    private func classify(_ error: Error) -> NetworkError {
        let code = (error as? URLError)?.code
        if code == .timedOut {
            return NetworkError(kind: .timeout, request: request, detail: "timed out: \(error.localizedDescription)")
        }
        if let code, Self.noConnection.contains(code) {
            return NetworkError(kind: .unreachable, request: request, detail: "cannot connect: \(error.localizedDescription)")
        }
        return NetworkError(kind: .connection, request: request, detail: "connection failed: \(error.localizedDescription)")
    }
}
