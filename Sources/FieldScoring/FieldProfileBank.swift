import LinearAlgebra
import RunFormat

/// The field profiles of accepted personas, for scoring a candidate against a few of them.
///
/// Holds the background, traits and chatting-style vectors in one contiguous matrix (three rows per
/// persona, 3 × dimension floats: 4.5 KiB at 384) and the lexical sets; the whole-text vectors
/// stay in the caller's `VectorIndex`, whose search supplies the whole cosine of each neighbour.
/// A value type with no lock: its owner (the gate) serialises appends and reads.
public struct FieldProfileBank: Sendable {
    /// Embedding width.
    public let dimension: Int
    /// Field rows, persona `i` at rows `3i ..< 3i + 3` (background, traits, chatting style).
    private var fieldVectors: Matrix
    private var traits: [Set<String>] = []
    private var backgroundWords: [Set<String>] = []

    /// The fields stored per persona, in row order.
    static let storedFields: [PersonaField] = [.background, .traits, .chattingStyle]

    /// An empty bank for embeddings of width `dimension`.
    public init(dimension: Int) {
        self.dimension = dimension
        fieldVectors = Matrix(rows: 0, columns: dimension)
    }

    /// Number of personas held; ids are `0 ..< count`, in append order.
    public var count: Int { traits.count }

    /// Appends `profile`; its id is the previous ``count``.
    /// - Precondition: the profile's dimension is the bank's.
    /// - Complexity: amortised O(dimension).
    public mutating func append(_ profile: PersonaFieldProfile) {
        precondition(profile.dimension == dimension, "profile of dimension \(profile.dimension) in a bank of \(dimension)")
        for field in Self.storedFields { fieldVectors.append(row: profile.vector(field)) }
        traits.append(profile.traits)
        backgroundWords.append(profile.backgroundWords)
    }

    /// The component scores of `candidate` against held persona `id`.
    /// - Parameters:
    ///   - candidate: the candidate's profile.
    ///   - id: a held persona, `0 ..< count`.
    ///   - wholeCosine: the whole-text cosine of the two (a `VectorIndex` neighbour's score).
    ///   - model: the logistic model.
    /// - Complexity: O(dimension + sizes of the lexical sets): call it for the K nearest by whole cosine only.
    public func scores(of candidate: PersonaFieldProfile, against id: Int, wholeCosine: Float,
                       model: FieldScoreModel = .fitted) -> ComponentScores {
        precondition(count > id && id >= 0, "no persona \(id) in a bank of \(count)")
        precondition(candidate.dimension == dimension, "candidate of dimension \(candidate.dimension) in a bank of \(dimension)")
        let cosines = Self.storedFields.enumerated().map { row, field in
            Double(fieldVectors.dotProduct(row: Self.storedFields.count * id + row, with: candidate.vectors, row: field.rawValue))
        }
        let features = FieldFeatures(cosWhole: Double(wholeCosine), cosBackground: cosines[0], cosTraits: cosines[1], cosStyle: cosines[2],
                                     traitJaccard: FieldLexicon.jaccard(candidate.traits, traits[id]),
                                     wordJaccard: FieldLexicon.jaccard(candidate.backgroundWords, backgroundWords[id]))
        return model.scores(features)
    }
}
