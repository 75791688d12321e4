import Foundation

/// What a dataset card says about the generation endpoint: the base URL reduced to its kind, so a
/// card never carries a key, a user name or password, a path, a query, a port or a private address.
///
/// The rule, applied to the URL's host only (everything else in the URL is dropped):
/// - `localhost`, `*.localhost`, 127.0.0.0/8, 0.0.0.0 and `::1` → ``loopback``;
/// - 10/8, 172.16/12, 192.168/16 (RFC 1918), 169.254/16 and `fe80::/10` (link-local), 100.64/10
///   (shared address space), `fc00::/7` (unique local), host names without a dot, and names under
///   `.local`, `.lan`, `.internal`, `.intranet`, `.corp`, `.home`, `.home.arpa` or `.localdomain`
///   → ``privateNetwork`` (no name or address shown);
/// - any other IP address → ``publicAddress`` (the address is not shown: it may be a personal server);
/// - any other host name → ``publicHost(_:)`` with the lowercased name alone;
/// - a URL without a readable host → ``unknown``.
public enum EndpointKind: Sendable, Equatable {
    /// The machine that ran the generator.
    case loopback
    /// A private or local network (not reachable from the internet).
    case privateNetwork
    /// A public IP address, not shown.
    case publicAddress
    /// A public host name (lowercased; no scheme, port, path, query or credentials).
    case publicHost(String)
    /// The base URL had no host PersonaBank could read.
    case unknown

    /// Classifies an OpenAI-compatible base URL (see the rule in the type's documentation).
    /// - Parameter baseURL: the manifest's `base_url`, possibly with credentials, port, path and query.
    public init(baseURL: String) {
        let trimmed = baseURL.trimmingCharacters(in: .whitespacesAndNewlines)
        let withScheme = trimmed.contains("://") ? trimmed : "http://" + trimmed
        guard let rawHost = URLComponents(string: withScheme)?.host, !rawHost.isEmpty else {
            self = .unknown
            return
        }
        var host = rawHost.lowercased()
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host.hasSuffix(".") { host.removeLast() }
        if host.contains(":") {
            self = Self.classifyIPv6(host)
        } else if let octets = Self.ipv4Octets(host) {
            self = Self.classifyIPv4(octets)
        } else if host.unicodeScalars.allSatisfy({ ("a" ... "z").contains($0) || ("0" ... "9").contains($0) || $0 == "-" || $0 == "." }),
                  !host.hasPrefix("."), !host.contains("..") {
            if host == "localhost" || host.hasSuffix(".localhost") {
                self = .loopback
            } else if !host.contains(".") || Self.privateSuffixes.contains(where: { host.hasSuffix("." + $0) }) {
                self = .privateNetwork
            } else {
                self = .publicHost(host)
            }
        } else {
            self = .unknown
        }
    }

    /// The phrase a card prints, e.g. "an OpenAI-compatible endpoint on the generating machine (loopback)".
    public var phrase: String {
        switch self {
        case .loopback: "an OpenAI-compatible endpoint on the generating machine (loopback)"
        case .privateNetwork: "an OpenAI-compatible endpoint on a private network (address not published)"
        case .publicAddress: "an OpenAI-compatible endpoint at a public IP address (address not published)"
        case let .publicHost(host): "an OpenAI-compatible endpoint at host `\(host)`"
        case .unknown: "an OpenAI-compatible endpoint (its address could not be classified and is not published)"
        }
    }

    /// The rule in one sentence, printed in the card under the endpoint.
    public static let ruleSentence = "The endpoint is reduced to its kind: loopback, private network, or a public host name "
        + "alone; keys, credentials, ports, paths, queries and private or numeric addresses are never published."

    /// Name suffixes that only resolve inside a private network.
    static let privateSuffixes = ["local", "lan", "internal", "intranet", "corp", "home", "home.arpa", "localdomain"]

    /// The four octets of a dotted-quad IPv4 address, or nil.
    static func ipv4Octets(_ host: String) -> [Int]? {
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        let octets = parts.compactMap { part -> Int? in
            guard !part.isEmpty, part.count <= 3, part.allSatisfy(\.isASCII), let value = Int(part), (0 ... 255).contains(value) else { return nil }
            return value
        }
        return octets.count == 4 ? octets : nil
    }

    static func classifyIPv4(_ octets: [Int]) -> EndpointKind {
        switch (octets[0], octets[1]) {
        case (127, _), (0, _): .loopback
        case (10, _), (192, 168), (169, 254): .privateNetwork
        case (172, 16 ... 31), (100, 64 ... 127): .privateNetwork
        default: .publicAddress
        }
    }

    static func classifyIPv6(_ host: String) -> EndpointKind {
        let address = host.split(separator: "%").first.map(String.init) ?? host   // drop a zone index
        if address == "::1" || address == "::" { return .loopback }
        if address.hasPrefix("::ffff:"), let octets = ipv4Octets(String(address.dropFirst(7))) { return classifyIPv4(octets) }
        let first = address.split(separator: ":", omittingEmptySubsequences: false).first.map(String.init) ?? ""
        if let group = UInt16(first, radix: 16) {
            if group & 0xFE00 == 0xFC00 || group & 0xFFC0 == 0xFE80 { return .privateNetwork }
        }
        return address.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) ? .publicAddress : .unknown
    }
}
