import LinearAlgebra
import PersonaKit

/// What the field-aware score needs of one persona: the unit embeddings of its four texts and
/// its lexical sets. Built by ``FieldScorer/profiles(_:)``.
public struct PersonaFieldProfile: Sendable, Equatable {
    /// One unit row per ``PersonaField``, in ``PersonaField/allCases`` order (4 × dimension).
    public let vectors: Matrix
    /// ``FieldLexicon/traitSet(_:)`` of the traits.
    public let traits: Set<String>
    /// ``FieldLexicon/contentWords(_:)`` of the background.
    public let backgroundWords: Set<String>

    /// Pairs `persona`'s lexical sets with its four embeddings; pass the persona as the template shows it
    /// (`PersonaTextTemplate.nameBlind(_:)`), so its own name is not a shared word.
    /// - Precondition: `vectors` has one row per ``PersonaField`` (programmer error otherwise).
    public init(persona: Persona, vectors: Matrix) {
        precondition(vectors.rows == PersonaField.allCases.count, "a profile needs \(PersonaField.allCases.count) rows, got \(vectors.rows)")
        self.vectors = vectors
        traits = FieldLexicon.traitSet(persona.traits)
        backgroundWords = FieldLexicon.contentWords(persona.background)
    }

    /// Embedding width.
    public var dimension: Int { vectors.columns }

    /// The unit embedding of one field.
    public func vector(_ field: PersonaField) -> [Float] { vectors.row(field.rawValue) }

    /// The six features of this persona against `other`.
    /// - Precondition: both profiles come from the same encoder (same dimension).
    /// - Complexity: O(dimension + sizes of the lexical sets).
    public func features(against other: PersonaFieldProfile) -> FieldFeatures {
        precondition(dimension == other.dimension, "profiles of dimensions \(dimension) and \(other.dimension)")
        let cosines = PersonaField.allCases.map { field in
            Double(vectors.dotProduct(row: field.rawValue, with: other.vectors, row: field.rawValue))
        }
        return FieldFeatures(cosWhole: cosines[0], cosBackground: cosines[1], cosTraits: cosines[2], cosStyle: cosines[3],
                             traitJaccard: FieldLexicon.jaccard(traits, other.traits),
                             wordJaccard: FieldLexicon.jaccard(backgroundWords, other.backgroundWords))
    }
}
