import Foundation
import PersonaKit
import RunFormat

/// What `manifest.json` says about how a run was generated, safe to publish: read through RunFormat's
/// `RunManifest` (the header and the `config` settings it names, ``RunFormat/RunSettings``), with every
/// setting of `config` listed (keys are those of Generation's `GenerationConfig`; settings added later
/// appear under their own key), the endpoint reduced to an ``EndpointKind``, file paths reduced to file
/// names, and no key, secret or environment value.
public struct GenerationFacts: Sendable {
    /// One row of the settings table.
    public struct Setting: Sendable, Equatable {
        /// What it is, for people.
        public var name: String
        /// Its value, formatted.
        public var value: String
    }

    /// The tool and version that wrote the manifest, e.g. `spb-generate 0.1.0`.
    public var tool: String?
    /// When the run was created (ISO 8601).
    public var created: String?
    /// The chat model's name.
    public var model: String?
    /// Where the model ran, by kind.
    public var endpoint: EndpointKind
    /// The run's seed.
    public var seed: String?
    /// The generation settings, in reading order (known ones first, then any others the manifest holds).
    public var settings: [Setting]

    /// Keys never printed, whatever their value (the key's environment variable name is not a
    /// secret, but nothing in a card needs it).
    static let withheld: Set<String> = ["base_url", "api_key_env", "api_key", "input_overrides", "inputs"]

    /// Known settings: manifest key and the label printed.
    static let known: [(key: String, label: String)] = [
        ("target", "target personas"),
        ("threshold", "semantic gate τ (cosine; rejected at or above)"),
        ("gate", "gate"),
        ("encoder", "gate encoder"),
        ("max_unreadable_share", "max unreadable share (gate skips the semantic check above it)"),
        ("max_connection_failures", "max connection failures in a row"),
        ("references", "references shown per prompt"),
        ("temperature", "temperature"),
        ("max_tokens", "max completion tokens"),
        ("structured_output", "structured output"),
        ("concurrency", "concurrency"),
        ("retries", "HTTP attempts per request"),
        ("max_attempts", "max attempts"),
        ("timeout_seconds", "request timeout (s)"),
        ("prompt_template", "prompt template"),
    ]

    /// Reads the facts from a decoded `manifest.json`.
    init(manifest: RunManifest<RecordedConfig>) {
        let config = manifest.config.settings
        tool = "\(manifest.tool) \(manifest.version)"
        created = manifest.created
        model = manifest.config.run.model
        endpoint = EndpointKind(baseURL: manifest.config.run.baseURL)
        seed = String(manifest.config.run.seed)
        var rows = [Setting(name: "embedding model of the gate", value: "`\(manifest.encoderIdentifier)`, d = \(manifest.embeddingDimension)"),
                    Setting(name: "seed personas in the gate's index", value: String(manifest.seedPersonas))]
        for (key, label) in Self.known {
            guard let value = config[key], let formatted = Self.format(key: key, value) else { continue }
            rows.append(Setting(name: label, value: formatted))
        }
        let knownKeys = Set(Self.known.map(\.key)).union(["model", "seed"])
        for key in config.keys.sorted() where !knownKeys.contains(key) && !Self.withheld.contains(key) && !Self.looksSecret(key) {
            guard let value = config[key], let formatted = Self.format(key: key, value) else { continue }
            rows.append(Setting(name: key.replacingOccurrences(of: "_", with: " "), value: formatted))
        }
        settings = rows
    }

    /// Reads `manifest.json` from a run directory, or nil when there is none.
    /// - Throws: `InputError` naming the file and the field when it is not a manifest.
    public static func read(runDirectory: URL) throws -> GenerationFacts? {
        try RunManifest<RecordedConfig>.readIfPresent(directory: runDirectory).map(GenerationFacts.init(manifest:))
    }

    /// Whether a key names something secret (never printed).
    static func looksSecret(_ key: String) -> Bool {
        let lower = key.lowercased()
        return ["key", "token", "secret", "password", "auth", "credential", "header", "cookie", "url", "env"].contains { lower.contains($0) }
    }

    /// A scalar as text; nil for arrays, objects and null.
    static func text(_ value: JSONValue?) -> String? {
        switch value {
        case let .string(text)?: text
        case let .number(number)?: number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        case let .bool(flag)?: flag ? "yes" : "no"
        default: nil
        }
    }

    /// A setting's value for the card: paths become file names, URLs their ``EndpointKind``,
    /// objects `key value` pairs; nil when there is nothing safe to print.
    static func format(key: String, _ value: JSONValue) -> String? {
        switch value {
        case .null: return nil
        case let .string(text):
            if text.contains("://") { return EndpointKind(baseURL: text).phrase }
            if text.contains("/") { return "`\(URL(fileURLWithPath: text).lastPathComponent)`" }
            return text.count > 80 ? nil : "`\(text)`"
        case .number, .bool:
            return text(value)
        case let .array(items):
            let parts = items.compactMap { format(key: key, $0) }
            return parts.isEmpty ? nil : parts.joined(separator: ", ")
        case let .object(fields):
            if key == "references", let count = text(fields["count"]) {
                var phrase = "\(count) of the last \(text(fields["lookback"]) ?? "?") accepted"
                if let every = text(fields["reset_every"]) { phrase += "; the seed personas every \(every) attempts" }
                return phrase
            }
            let parts = fields.keys.sorted().filter { !looksSecret($0) }.compactMap { name in
                fields[name].flatMap { format(key: name, $0) }.map { "\(name.replacingOccurrences(of: "_", with: " ")) \($0)" }
            }
            return parts.isEmpty ? nil : parts.joined(separator: "; ")
        }
    }
}

/// A manifest's `config` as a card reads it: the settings it interprets (``RunFormat/RunSettings``), and every
/// setting recorded, for the settings table.
struct RecordedConfig: Decodable, Sendable, Equatable {
    /// The model, endpoint and seed.
    var run: RunSettings
    /// Every key of `config` with its value.
    var settings: [String: JSONValue]

    init(from decoder: any Decoder) throws {
        run = try RunSettings(from: decoder)
        settings = try [String: JSONValue](from: decoder)
    }
}
