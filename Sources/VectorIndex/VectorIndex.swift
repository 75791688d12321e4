import LinearAlgebra
import Synchronization

/// One search hit: the id (row) of a stored vector and its cosine similarity to the query.
public struct Neighbor: Sendable, Equatable {
    /// The id of the stored vector (its row, in insertion order).
    public let id: Int
    /// Cosine similarity to the query, in [-1, 1].
    public let score: Float

    public init(id: Int, score: Float) {
        self.id = id
        self.score = score
    }
}

/// Two stored vectors whose cosine similarity reached a threshold; `first < second`.
public struct SimilarPair: Sendable, Equatable {
    /// The smaller id of the pair.
    public let first: Int
    /// The larger id of the pair.
    public let second: Int
    /// Their cosine similarity.
    public let score: Float

    public init(first: Int, second: Int, score: Float) {
        self.first = first
        self.second = second
        self.score = score
    }
}

/// The outcome of ``VectorIndex/insertIfNovel(_:threshold:)``.
public enum NoveltyDecision: Sendable, Equatable {
    /// The vector was stored under `id`; `nearest` is its closest earlier vector (nil when the
    /// index was empty).
    case inserted(id: Int, nearest: Neighbor?)
    /// The vector was not stored: `nearest` reached the threshold.
    case rejected(nearest: Neighbor)
}

/// An exact cosine-similarity index over L2-normalised `Float` vectors, backed by OpenBLAS.
///
/// Storage is one contiguous row-major `Matrix` (row = id, in insertion order) held inside a
/// `Mutex` from Synchronization, so the index is safe to share between tasks. Vectors are
/// L2-normalised on insert, so every score is a cosine similarity computed as a dot product;
/// zero, non-finite and wrong-dimension vectors are refused with an ``IndexError``. Appends are
/// amortised O(dimension): the row buffer grows geometrically.
///
/// Single-vector operations (``add(_:)``, ``search(_:k:)``, ``nearest(to:)`` and
/// ``insertIfNovel(_:threshold:)``) run under the lock; batch searches and ``selfJoin(threshold:tileRows:)``
/// work on a copy-on-write snapshot taken under the lock, so long computations never block
/// inserts (an insert that overlaps one pays a single copy of the rows).
public final class VectorIndex: Sendable {
    /// The length of every stored vector.
    public let dimension: Int
    let storage: Mutex<Matrix>

    /// An empty index for vectors of `dimension` components.
    ///
    /// - Parameters:
    ///   - dimension: vector length, at least 1.
    ///   - reservingCapacity: number of rows to allocate room for up front.
    public init(dimension: Int, reservingCapacity: Int = 0) {
        precondition(dimension > 0, "dimension must be positive, got \(dimension)")
        precondition(reservingCapacity >= 0, "negative capacity \(reservingCapacity)")
        self.dimension = dimension
        var matrix = Matrix(rows: 0, columns: dimension)
        if reservingCapacity > 0 { matrix.reserveCapacity(rows: reservingCapacity) }
        storage = Mutex(matrix)
    }

    /// An index holding the rows of `vectors`, normalised; ids are the row numbers.
    ///
    /// - Throws: ``IndexError`` (`.invalidVector`) naming the first row that is zero or non-finite.
    /// - Complexity: O(rows · columns).
    public convenience init(vectors: Matrix) throws {
        self.init(dimension: max(vectors.columns, 1), reservingCapacity: vectors.rows)
        try add(contentsOf: vectors)
    }

    /// Number of stored vectors.
    public var count: Int { storage.withLock { $0.rows } }

    /// Stores one vector (normalised) and returns its id.
    ///
    /// - Throws: ``IndexError`` (`.invalidVector`) for a wrong dimension, a NaN or infinite
    ///   value, or a zero vector.
    /// - Complexity: amortised O(dimension).
    @discardableResult
    public func add(_ vector: [Float]) throws -> Int {
        let row = try normalized(vector, what: "vector")
        return storage.withLock { matrix in
            matrix.append(row: row)
            return matrix.rows - 1
        }
    }

    /// Stores every row of `vectors` (normalised), all or none, and returns their ids.
    ///
    /// - Throws: ``IndexError`` (`.invalidVector`) naming the first bad row; nothing is stored then.
    /// - Complexity: amortised O(rows · dimension).
    @discardableResult
    public func add(contentsOf vectors: Matrix) throws -> Range<Int> {
        let rows = try normalizedRows(vectors)
        return storage.withLock { matrix in
            let start = matrix.rows
            matrix.append(rowsOf: rows)
            return start ..< matrix.rows
        }
    }

    /// A copy of the stored (normalised) vector with the given id.
    ///
    /// - Precondition: `0 <= id < count`.
    public func vector(at id: Int) -> [Float] {
        storage.withLock { matrix in
            precondition(id >= 0 && id < matrix.rows, "id \(id) out of range 0..<\(matrix.rows)")
            return matrix.row(id)
        }
    }

    /// All stored (normalised) vectors, row = id.
    ///
    /// - Complexity: O(1) now (copy-on-write); the next insert copies the rows once if the
    ///   snapshot is still alive.
    public func snapshot() -> Matrix {
        storage.withLock { $0 }
    }

    /// `vector` scaled to unit length, or a typed error saying why it cannot be.
    func normalized(_ vector: [Float], what: String) throws(IndexError) -> [Float] {
        do {
            return try Vectors.normalized(vector, dimension: dimension)
        } catch {
            throw .invalidVector("\(what): \(error.description)")
        }
    }

    /// The rows of `vectors` scaled to unit length, or a typed error naming the first bad row.
    func normalizedRows(_ vectors: Matrix) throws(IndexError) -> Matrix {
        guard vectors.columns == dimension || vectors.rows == 0 else {
            throw .invalidVector("matrix has \(vectors.columns) columns, the index dimension is \(dimension)")
        }
        var copy = vectors
        for row in 0 ..< vectors.rows {
            if let problem = Self.rowProblem(vectors, row: row) {
                throw .invalidVector("row \(row): \(problem)")
            }
        }
        Vectors.normalizeRows(&copy)
        return Matrix(rows: copy.rows, columns: dimension, storage: copy.storage)
    }

    /// Why row `row` of `matrix` cannot be normalised, or nil when it can.
    private static func rowProblem(_ matrix: Matrix, row: Int) -> String? {
        let start = row * matrix.columns
        var sumOfSquares: Double = 0
        for column in 0 ..< matrix.columns {
            let value = matrix.storage[start + column]
            guard value.isFinite else { return Vectors.NormalizationError.nonFinite(index: column).description }
            sumOfSquares += Double(value) * Double(value)
        }
        return sumOfSquares > 0 ? nil : Vectors.NormalizationError.zero.description
    }
}
