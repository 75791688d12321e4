import FieldScoring
import Foundation
import PersonaKit
import RunFormat
import TestSupport

/// `Fixtures/field_features.json`, written by `Benchmarks/persona-pairs/fit_fields.py`: dev pairs
/// with the Python features (personas read name-blind) and the fitted model's probability.
struct FieldFixture: Decodable {
    struct Pair: Decodable {
        let id: String
        let a: Persona
        let b: Persona
        let scores: ComponentScores
    }

    /// One dev file the model was fitted on, with its checksum then.
    struct Source: Decodable {
        let path: String
        let sha256: String
    }

    let data: [Source]
    let pairs: [Pair]

    /// The fixture, decoded from the test bundle.
    static func load() throws -> FieldFixture {
        guard let url = Bundle.module.url(forResource: "Fixtures/field_features", withExtension: "json") else {
            throw CocoaError(.fileNoSuchFile)
        }
        return try JSONDecoder().decode(FieldFixture.self, from: Data(contentsOf: url))
    }
}

/// Shown when a test needs the MiniLM weights and they are absent.
let modelAbsent = "skipped: models/all-MiniLM-L6-v2 is absent (run `bash scripts/setup.sh`)"
