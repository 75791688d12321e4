/// Why one HTTP attempt failed; counted per request in ``FaultCounts``.
public enum FaultKind: String, Sendable, Hashable, CaseIterable, Comparable {
    /// HTTP 429: the server asked us to slow down (retried, honouring `Retry-After`).
    case rateLimited
    /// HTTP 5xx (retried).
    case serverError
    /// Any other non-2xx status, such as 400, 401, 404 or 422 (not retried).
    case clientError
    /// The request's deadline passed (retried).
    case timeout
    /// A connection was made but failed: reset, closed early, ended before the announced body
    /// length, or carried a malformed response (retried).
    case connection
    /// No connection could be made at all: refused, host or network unreachable, name resolution
    /// or TLS handshake failed (retried; many in a row mean the server is gone, see ``EndpointDiagnosis``).
    case unreachable
    /// A 2xx response whose body could not be decoded (retried when the policy says so).
    case invalidBody
    /// The response body exceeded the transport's size cap (not retried).
    case tooLarge

    /// Whether a ``RetryPolicy`` retries this kind of fault by default.
    public var isRetryable: Bool {
        switch self {
        case .rateLimited, .serverError, .timeout, .connection, .unreachable, .invalidBody: true
        case .clientError, .tooLarge: false
        }
    }

    /// The kind for a non-2xx status: 429 → rateLimited, 5xx → serverError, others → clientError.
    ///
    /// - Parameter status: An HTTP status code outside 200..<300.
    /// - Returns: The fault kind.
    public static func forStatus(_ status: Int) -> FaultKind {
        switch status {
        case 429: .rateLimited
        case 500 ..< 600: .serverError
        default: .clientError
        }
    }

    /// Orders kinds as declared, so descriptions list them stably.
    public static func < (lhs: FaultKind, rhs: FaultKind) -> Bool { lhs.ordinal < rhs.ordinal }

    private var ordinal: Int {
        switch self {
        case .rateLimited: 0
        case .serverError: 1
        case .clientError: 2
        case .timeout: 3
        case .connection: 4
        case .unreachable: 5
        case .invalidBody: 6
        case .tooLarge: 7
        }
    }
}
