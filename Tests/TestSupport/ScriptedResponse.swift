import Foundation

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
