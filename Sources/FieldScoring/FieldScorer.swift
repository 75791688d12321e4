import Embedding
import LinearAlgebra
import PersonaKit
import RunFormat

/// Embeds personas field by field and scores pairs with a ``FieldScoreModel``.
///
/// The shipped model was fitted on MiniLM embeddings of texts rendered by
/// ``PersonaKit/PersonaTextTemplate/default``; another encoder or template needs a refit.
public struct FieldScorer: Sendable {
    /// The sentence encoder (MiniLM for the shipped model).
    public let encoder: any TextEncoder
    /// The template of the whole text (the gate's).
    public let template: PersonaTextTemplate
    /// The logistic model.
    public let model: FieldScoreModel

    /// Creates a scorer.
    public init(encoder: any TextEncoder, template: PersonaTextTemplate = .default, model: FieldScoreModel = .fitted) {
        self.encoder = encoder
        self.template = template
        self.model = model
    }

    /// The profiles of `personas`: their 4 × N texts go to the encoder in one call.
    /// - Throws: the encoder's errors (e.g. cancellation).
    /// - Complexity: one encoder call over 4 × `personas.count` texts.
    public func profiles(_ personas: [Persona]) async throws -> [PersonaFieldProfile] {
        let fields = PersonaField.allCases.count
        let embeddings = try await encoder.encode(personas.flatMap { PersonaField.texts(of: $0, template: template) })
        return personas.indices.map { index in
            PersonaFieldProfile(persona: template.nameBlind(personas[index]),
                                vectors: embeddings.selecting(rows: Array(index * fields ..< (index + 1) * fields)))
        }
    }

    /// The component scores and probability of each pair, in order.
    /// - Complexity: one encoder call over 8 texts per pair, in batches of `batchSize` pairs.
    public func scores(_ pairs: [(Persona, Persona)], batchSize: Int = 256) async throws -> [ComponentScores] {
        precondition(batchSize > 0, "batch size must be positive")
        var result: [ComponentScores] = []
        result.reserveCapacity(pairs.count)
        for start in stride(from: 0, to: pairs.count, by: batchSize) {
            let batch = pairs[start ..< min(start + batchSize, pairs.count)]
            let profiles = try await self.profiles(batch.flatMap { [$0.0, $0.1] })
            for index in 0 ..< batch.count {
                result.append(model.scores(profiles[2 * index].features(against: profiles[2 * index + 1])))
            }
        }
        return result
    }
}
