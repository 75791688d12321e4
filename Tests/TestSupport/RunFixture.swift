import Foundation
import RunFormat

/// Hand-made run directories written through RunFormat, so a fixture has the shape `spb-generate` writes.
public enum RunFixture {
    /// The settings of a fixture run: model, endpoint and seed, plus what the test gives.
    public static func settings(seed: UInt64 = 1, inputs: String? = nil, inputOverrides: [String: String]? = nil, nameMasking: String? = nil,
                                steering: SteeringSettings? = nil) -> RunSettings {
        RunSettings(model: "fixture-model", seed: seed, baseURL: "http://127.0.0.1:8731/v1", inputs: inputs, inputOverrides: inputOverrides,
                    nameMasking: nameMasking, steering: steering)
    }

    /// Writes `manifest.json` into `directory`.
    /// - Parameters:
    ///   - settings: its `config`.
    ///   - encoder: its `encoder_identifier`.
    ///   - dimension: its `embedding_dimension` (that of `embeddings.f32`).
    ///   - prompt: its `prompt`.
    public static func writeManifest(in directory: URL, settings: RunSettings = settings(), encoder: String = "fixture-encoder", dimension: Int = 64,
                                     prompt: PromptRecord? = nil) throws {
        try RunManifest(tool: "spb-generate", version: "0.1.0", created: "2026-12-01T00:00:00Z", config: settings, encoderIdentifier: encoder,
                        embeddingDimension: dimension, seedPersonas: 3, prompt: prompt).write(directory: directory)
    }

    /// Writes `events.jsonl` (replacing it) into `directory`.
    public static func writeEvents(_ events: [AttemptEvent], in directory: URL) throws {
        try write(events, to: directory.appendingPathComponent(RunFiles.events))
    }

    /// Writes `rejected.jsonl` (replacing it) into `directory`.
    public static func writeRejected(_ records: [RejectedCandidate], in directory: URL) throws {
        try write(records, to: directory.appendingPathComponent(RunFiles.rejected))
    }

    /// The blueprint of a fixture attempt: `profession`, with fixed other ingredients.
    public static func blueprint(profession: String, traits: [String] = ["calm"]) -> PersonaBlueprint {
        PersonaBlueprint(profession: profession, age: 30, lifeContext: "moving to a new city", traits: traits, chattingQuirk: "types in lowercase",
                         name: "Fixture Name", username: nil)
    }

    private static func write(_ records: [some Encodable], to url: URL) throws {
        try? FileManager.default.removeItem(at: url)
        let file = try AppendFile(url: url)
        for record in records { try file.appendRecord(record) }
    }
}
