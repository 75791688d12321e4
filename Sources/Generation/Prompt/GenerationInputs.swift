import Foundation
import PersonaKit

/// Everything a run samples from: weighted components, seed personas and name lists.
///
/// A directory of inputs uses SPB's file names: `persona_components.json`,
/// `personas.jsonl` (seed personas), `first_names.json`, `last_names.json` and
/// `usernames.json` (JSON arrays of strings). SPB's own seed folder loads unchanged;
/// the repository ships a larger set in PersonaKit's `DefaultComponents` (see its README).
public struct GenerationInputs: Sendable {
    /// The weighted building blocks.
    public var components: PersonaComponents
    /// Hand-written example personas, the references at start-up and at each reset.
    public var seedPersonas: [Persona]
    /// Given names a persona's name is drawn from.
    public var firstNames: [String]
    /// Family names a persona's name is drawn from.
    public var lastNames: [String]
    /// Usernames a persona's username is drawn from.
    public var usernames: [String]

    /// Inputs from values.
    public init(components: PersonaComponents, seedPersonas: [Persona], firstNames: [String], lastNames: [String], usernames: [String]) {
        self.components = components
        self.seedPersonas = seedPersonas
        self.firstNames = firstNames
        self.lastNames = lastNames
        self.usernames = usernames
    }

    /// File names inside an inputs directory (SPB's layout).
    public enum FileName {
        /// The weighted components.
        public static let components = "persona_components.json"
        /// Seed personas (JSONL).
        public static let seeds = "personas.jsonl"
        /// Given names (JSON array).
        public static let firstNames = "first_names.json"
        /// Family names (JSON array).
        public static let lastNames = "last_names.json"
        /// Usernames (JSON array).
        public static let usernames = "usernames.json"
    }

    /// The directory of the default set bundled with PersonaKit.
    public static var defaultDirectory: URL? { PersonaComponents.bundledDirectory }

    /// Loads the bundled default set.
    /// - Throws: ``GenerationError`` when the resource is missing or malformed.
    public static func loadDefault() throws -> GenerationInputs {
        guard let directory = defaultDirectory else {
            throw GenerationError.missingResource("DefaultComponents")
        }
        return try load(directory: directory)
    }

    /// Loads the five files of an inputs directory, each of which may be overridden.
    /// - Parameters:
    ///   - directory: a folder in SPB's layout.
    ///   - overrides: replacement paths keyed by ``FileName`` constants.
    /// - Throws: ``GenerationError`` naming the file, line and field of the first problem.
    public static func load(directory: URL, overrides: [String: URL] = [:]) throws -> GenerationInputs {
        func url(_ name: String) -> URL { overrides[name] ?? directory.appendingPathComponent(name) }
        let componentsURL = url(FileName.components)
        return GenerationInputs(
            components: try PersonaComponents.parse(try readData(componentsURL), file: componentsURL.path),
            seedPersonas: try readSeeds(url(FileName.seeds)),
            firstNames: try readStrings(url(FileName.firstNames)),
            lastNames: try readStrings(url(FileName.lastNames)),
            usernames: try readStrings(url(FileName.usernames), allowEmpty: true))
    }

    static func readData(_ url: URL) throws -> Data {
        do { return try Data(contentsOf: url) } catch {
            throw GenerationError.data(url.path, "cannot read (\(error.localizedDescription))")
        }
    }

    /// A JSON array of non-empty strings.
    static func readStrings(_ url: URL, allowEmpty: Bool = false) throws -> [String] {
        let value: JSONValue
        do { value = try JSONDecoder().decode(JSONValue.self, from: try readData(url)) } catch let error as GenerationError { throw error } catch {
            throw GenerationError.data(url.path, "not valid JSON (\(error.localizedDescription))")
        }
        guard case let .array(items) = value else { throw GenerationError.data(url.path, "expected a JSON array of strings, found \(value.typeName)") }
        var strings = [String]()
        for (index, item) in items.enumerated() {
            guard case let .string(text) = item, !text.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw GenerationError.data(url.path, field: "[\(index)]", "expected a non-empty string, found \(item.typeName)")
            }
            strings.append(text)
        }
        if strings.isEmpty && !allowEmpty { throw GenerationError.data(url.path, "the list is empty") }
        return strings
    }

    /// Seed personas, one JSON object per line (blank lines are skipped), or the rows of a `.parquet` file.
    static func readSeeds(_ url: URL) throws -> [Persona] {
        if url.pathExtension.lowercased() == "parquet" { return try readParquetSeeds(url) }
        var personas = [Persona]()
        for (index, bytes) in try readData(url).split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            guard let rawLine = String(validating: bytes, as: UTF8.self) else {
                throw GenerationError.data(url.path, line: index + 1, "not valid UTF-8")
            }
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: "\u{FEFF}")))
            if line.isEmpty { continue }
            let value: JSONValue
            do { value = try JSONDecoder().decode(JSONValue.self, from: Data(line.utf8)) } catch {
                throw GenerationError.data(url.path, line: index + 1, "not valid JSON")
            }
            do { personas.append(try Persona(json: value)) } catch {
                throw GenerationError.data(url.path, line: index + 1, "\(error)")
            }
        }
        if personas.isEmpty { throw GenerationError.data(url.path, "no seed personas") }
        return personas
    }

    /// Seed personas from the rows of a Parquet file (persona columns), read like any persona dataset:
    /// a bad row is exit 65 naming the file, its row number and the field.
    static func readParquetSeeds(_ url: URL) throws -> [Persona] {
        var personas = [Persona]()
        do {
            _ = try DatasetReader(url: url, format: .parquet(textColumn: nil), mode: .strict, rules: nil).read { record in
                if let persona = record.persona { personas.append(persona) }
            }
        } catch let error as InputError {
            throw GenerationError.data(error.file, line: error.line, field: error.field, error.message)
        }
        if personas.isEmpty { throw GenerationError.data(url.path, "no seed personas") }
        return personas
    }

    /// The identifier a seed persona is reported under: its own `id`, or `seed-<line>`.
    public func seedIdentifier(_ index: Int) -> String {
        seedPersonas[index].id ?? "seed-\(index + 1)"
    }
}
