import Foundation

/// A complete HTTP response: status, headers and the whole body (already size-capped by the transport).
public struct HTTPResponse: Sendable, Equatable {
    /// The HTTP status code.
    public var status: Int
    /// Response headers; names are lower-cased so lookups are case-insensitive.
    public var headers: [String: String]
    /// The response body.
    public var body: Data

    /// Creates a response; header names are lower-cased.
    ///
    /// - Parameters:
    ///   - status: The HTTP status code.
    ///   - headers: Header name → value (any case).
    ///   - body: The body bytes.
    public init(status: Int, headers: [String: String] = [:], body: Data = Data()) {
        self.status = status
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        self.body = body
    }

    /// The value of header `name`, looked up case-insensitively.
    ///
    /// - Parameter name: The header name in any case.
    /// - Returns: The value, or nil when absent.
    public func header(_ name: String) -> String? { headers[name.lowercased()] }

    /// True for 2xx statuses.
    public var isSuccess: Bool { (200 ..< 300).contains(status) }

    /// The body decoded as UTF-8 (invalid bytes replaced), cut to `limit` characters, for error messages.
    ///
    /// - Parameter limit: The maximum number of characters kept.
    /// - Returns: The preview, with `…` appended when cut.
    public func bodyPreview(limit: Int = 2_000) -> String {
        let text = String(decoding: body.prefix(limit * 4), as: UTF8.self)
        return text.count > limit ? String(text.prefix(limit)) + "…" : text
    }
}
