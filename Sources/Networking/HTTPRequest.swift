import Foundation

/// One HTTP request, as handed to an ``HTTPTransport``.
///
/// Header names are kept as given; transports send them unchanged. The description, debug
/// description and mirror redact credential headers (`Authorization`, `api-key`, `x-api-key`),
/// so logging or `dump`ing a request never prints a key.
public struct HTTPRequest: Sendable {
    /// The absolute URL to request.
    public var url: URL
    /// The method, such as `GET` or `POST`.
    public var method: String
    /// Request headers (name → value).
    public var headers: [String: String]
    /// The request body, if any.
    public var body: Data?
    /// The whole-request deadline: connecting, sending and receiving the full response.
    public var timeout: Duration

    /// Creates a request.
    ///
    /// - Parameters:
    ///   - url: The absolute URL.
    ///   - method: The HTTP method (default `GET`).
    ///   - headers: Header name → value.
    ///   - body: The body bytes, or nil.
    ///   - timeout: The whole-request deadline (default 60 s).
    public init(url: URL, method: String = "GET", headers: [String: String] = [:], body: Data? = nil, timeout: Duration = .seconds(60)) {
        self.url = url
        self.method = method
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }

    /// A POST request with a JSON body and `Content-Type: application/json`.
    ///
    /// - Parameters:
    ///   - url: The absolute URL.
    ///   - json: The encoded JSON body.
    ///   - headers: Extra headers.
    ///   - timeout: The whole-request deadline.
    /// - Returns: The request.
    public static func postJSON(_ url: URL, json: Data, headers: [String: String] = [:], timeout: Duration = .seconds(60)) -> HTTPRequest {
        var all = headers
        all["Content-Type"] = "application/json"
        all["Accept"] = "application/json"
        return HTTPRequest(url: url, method: "POST", headers: all, body: json, timeout: timeout)
    }

    /// The secret values carried by credential headers (bearer tokens, API keys), for redaction.
    public var secretHeaderValues: [String] {
        headers.compactMap { name, value -> String? in
            switch name.lowercased() {
            case "authorization":
                let parts = value.split(separator: " ", maxSplits: 1)
                return parts.count == 2 ? String(parts[1]) : value
            case "api-key", "x-api-key": return value
            default: return nil
            }
        }.filter { !$0.isEmpty }
    }

    /// Headers with credential values replaced by `<redacted>`.
    var redactedHeaders: [String: String] {
        headers.reduce(into: [:]) { result, entry in
            let sensitive = ["authorization", "api-key", "x-api-key"].contains(entry.key.lowercased())
            result[entry.key] = sensitive ? "<redacted>" : entry.value
        }
    }
}

extension HTTPRequest: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// `METHOD url (N body bytes)`; never includes header values.
    public var description: String { "\(method) \(url.absoluteString) (\(body?.count ?? 0) body bytes)" }

    /// The description plus headers, with credentials redacted.
    public var debugDescription: String {
        let headerText = redactedHeaders.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
        return "\(description) [\(headerText)]"
    }

    /// A mirror that shows redacted headers, so `dump(request)` cannot leak a key.
    public var customMirror: Mirror {
        Mirror(self, children: [
            "url": url, "method": method, "headers": redactedHeaders,
            "bodyBytes": body?.count ?? 0, "timeout": timeout,
        ])
    }
}
