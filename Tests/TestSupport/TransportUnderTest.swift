import Networking

/// The real HTTP transports, so one test can run against each (Swift Testing `arguments:`).
public enum TransportUnderTest: String, CaseIterable, Sendable, CustomStringConvertible {
    /// ``HTTPTransport/urlSession(maxResponseBytes:)``.
    case urlSession
    /// ``HTTPTransport/sockets(maxResponseBytes:)`` (what ``HTTPTransport/live(maxResponseBytes:)`` uses for `http://`).
    case sockets

    /// A fresh transport of this kind.
    ///
    /// - Parameter maxResponseBytes: The size cap.
    /// - Returns: The transport.
    public func make(maxResponseBytes: Int = 1 << 20) -> HTTPTransport {
        switch self {
        case .urlSession: .urlSession(maxResponseBytes: maxResponseBytes)
        case .sockets: .sockets(maxResponseBytes: maxResponseBytes)
        }
    }

    public var description: String { rawValue }
}
