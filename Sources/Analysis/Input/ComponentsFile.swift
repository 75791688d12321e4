import Foundation
import PersonaKit

/// Component weights and where they came from (the fit section names the source).
public struct ComponentsFile: Sendable, Equatable {
    /// The weighted lists.
    public var components: PersonaComponents
    /// The file's path, or a label such as "bundled default persona_components.json".
    public var source: String

    /// Weights from `source`.
    public init(components: PersonaComponents, source: String) {
        self.components = components
        self.source = source
    }

    /// Reads and validates a `persona_components.json` file.
    /// - Throws: `InputError` naming the file and field.
    public init(contentsOf url: URL) throws {
        self.init(components: try PersonaComponents(contentsOf: url), source: url.path)
    }

    /// The default set bundled with PersonaKit (what `spb-generate` uses without `--inputs`).
    /// - Throws: `InputError` when the resource is missing or malformed.
    public static func bundledDefault() throws -> ComponentsFile {
        ComponentsFile(components: try PersonaComponents.bundledDefault(), source: "bundled default persona_components.json")
    }
}
