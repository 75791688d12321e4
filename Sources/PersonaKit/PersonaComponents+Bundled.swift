import Foundation

extension PersonaComponents {
    /// The default input set bundled with PersonaKit, in SPB's `data/seed/` layout
    /// (`persona_components.json`, `personas.jsonl`, `first_names.json`, `last_names.json`,
    /// `usernames.json`); `spb-generate` uses it when no `--inputs` directory is given.
    /// Nil when the resource is missing from the build.
    public static var bundledDirectory: URL? {
        Bundle.module.url(forResource: "DefaultComponents", withExtension: nil)
    }

    /// The bundled default components (what a run without `--inputs` samples from).
    /// - Throws: ``InputError`` when the resource is missing or malformed.
    public static func bundledDefault() throws -> PersonaComponents {
        guard let directory = bundledDirectory else {
            throw InputError(file: "DefaultComponents", line: nil, field: nil, message: "the bundled resource is missing from this build")
        }
        return try PersonaComponents(contentsOf: directory.appendingPathComponent("persona_components.json"))
    }
}
