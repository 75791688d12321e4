import Foundation

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
