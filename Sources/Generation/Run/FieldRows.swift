import FieldScoring
import LinearAlgebra
import PersonaKit

/// `fields.f32`: the field vectors of the accepted personas (with `--score fields`), row i for line i
/// of `personas.jsonl`.
///
/// The format is `embeddings.f32`'s (``EmbeddingFile``), with rows of 3 × dimension floats: the
/// background, traits and chatting-style embeddings (``PersonaField`` order, the whole text left out:
/// it is already in `embeddings.f32`). A row is written right after the persona's embedding row and
/// before its `personas.jsonl` line, so the recovery rule of `embeddings.f32` holds: at most the last
/// row lacks a persona, and is cut on resume.
///
/// Stored rather than recomputed on `--resume`: re-embedding three texts per accepted persona runs the
/// encoder again over the whole run, reading 3 × dimension floats per persona back does not. A run that lacks
/// the file (started with `--score cosine`, or made by another encoder) has it rebuilt by embedding
/// once, then appended to as usual.
enum FieldRows {
    /// The fields stored per persona, in row order.
    static let fields: [PersonaField] = [.background, .traits, .chattingStyle]

    /// Floats per row for embeddings of width `dimension`.
    static func width(dimension: Int) -> Int { fields.count * dimension }

    /// The stored row of `profile`.
    static func row(of profile: PersonaFieldProfile) -> [Float] {
        fields.flatMap { profile.vector($0) }
    }

    /// The profile of `persona` from its whole-text embedding and its stored field row.
    /// - Precondition: `row` has ``width(dimension:)`` floats for the embedding's dimension.
    static func profile(of persona: Persona, whole: [Float], row: [Float]) -> PersonaFieldProfile {
        precondition(row.count == width(dimension: whole.count), "a fields row of \(row.count) floats for dimension \(whole.count)")
        return PersonaFieldProfile(persona: persona, vectors: Matrix(rows: PersonaField.allCases.count, columns: whole.count, storage: whole + row))
    }
}
