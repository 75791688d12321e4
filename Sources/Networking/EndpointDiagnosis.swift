/// What the final failure of a request says about the endpoint as a whole rather than about that
/// one request: the one place that tells "try again" from "stop sending, nothing will work".
///
/// | final failure | diagnosis |
/// | --- | --- |
/// | 429, 5xx, 408, a timeout, a reset or truncated body, an undecodable or oversized reply | ``transient`` |
/// | no connection at all (refused, unreachable, name resolution, TLS) | ``unreachable`` |
/// | 401, 403 | ``keyRefused(status:)`` |
/// | 404 | ``notFound`` |
/// | any other 3xx or 4xx (400, 405, 413, 422, …) | ``rejected(status:)`` |
///
/// Judge a request only after its retries (and any fallbacks) are spent: ``unreachable`` then means
/// every attempt of it failed to connect, and one such request may still be a blip; the fatal
/// diagnoses (``isFatal``) recur on every request until the user changes the key, URL, model or request.
public enum EndpointDiagnosis: Sendable, Equatable {
    /// This request failed, but the next one may well succeed.
    case transient
    /// No attempt could connect to the server.
    case unreachable
    /// The server refused the credentials (HTTP 401 or 403).
    case keyRefused(status: Int)
    /// The path or the model does not exist (HTTP 404).
    case notFound
    /// The server refused the request as sent (another 3xx or 4xx, such as 400 or 422).
    case rejected(status: Int)

    /// Diagnoses a request's final fault.
    ///
    /// - Parameters:
    ///   - kind: The kind of the last fault (nil when the failure did not come from the network).
    ///   - status: The HTTP status of the last response, when one arrived.
    public init(kind: FaultKind?, status: Int?) {
        switch (kind, status) {
        case (.unreachable?, _): self = .unreachable
        case let (.clientError?, status?):
            switch status {
            case 401, 403: self = .keyRefused(status: status)
            case 404: self = .notFound
            case 408: self = .transient
            default: self = .rejected(status: status)
            }
        default: self = .transient
        }
    }

    /// Whether no later request can succeed until the user changes the key, URL, model or request.
    public var isFatal: Bool {
        switch self {
        case .transient, .unreachable: false
        case .keyRefused, .notFound, .rejected: true
        }
    }
}
