import Foundation

/// Builds endpoint URLs for OpenAI-compatible servers from a user-given base URL.
public enum OpenAIEndpoint {
    /// The URL of `path` (such as `chat/completions`) under `baseURL`.
    ///
    /// The base may be given with or without the API version: `http://host:8080`,
    /// `http://host:8080/`, `http://host:8080/v1` and `https://host/openai/v1/` all work. When the
    /// base path does not end in a version segment (`v1`, `v2`, …) `v1/` is inserted. A base that
    /// already ends with `path` is returned unchanged.
    ///
    /// - Parameters:
    ///   - baseURL: The server's base URL.
    ///   - path: The endpoint path without a leading slash, such as `chat/completions`.
    /// - Returns: The endpoint URL; query and fragment of `baseURL` are dropped.
    public static func url(base baseURL: URL, path: String) -> URL {
        var components = URLComponents(url: baseURL, resolvingAgainstBaseURL: true) ?? URLComponents()
        let segments = components.path.split(separator: "/").map(String.init)
        let wanted = path.split(separator: "/").map(String.init)
        var result = segments
        if !segments.ends(with: wanted) {
            if !(segments.last.map(isVersionSegment) ?? false) { result.append("v1") }
            result.append(contentsOf: wanted)
        }
        components.path = "/" + result.joined(separator: "/")
        components.query = nil
        components.fragment = nil
        return components.url ?? baseURL.appendingPathComponent(path)
    }

    private static func isVersionSegment(_ segment: String) -> Bool {
        segment.count >= 2 && segment.first == "v" && segment.dropFirst().allSatisfy(\.isNumber)
    }
}

private extension Array where Element: Equatable {
    func ends(with suffix: [Element]) -> Bool {
        count >= suffix.count && Array(self[(count - suffix.count)...]) == suffix
    }
}
