/// Row-level vector operations (BLAS level 1 and 2) on a ``Matrix``: dot products and norms of
/// rows, scaling and accumulating rows, and broadcasting a vector over every row.
///
/// Each is the BLAS routine the callers used to reach through pointers (`sdot`, `snrm2`, `sscal`,
/// `saxpy`, `sgemv`), so results are bit-for-bit those of the pointer code it replaces.
extension Matrix {
    /// A matrix whose `rows` rows are all `row` (for example a bias, before a product accumulates
    /// into it with `beta: 1`).
    /// - Complexity: O(rows · row.count).
    public init(rows: Int, repeatingRow row: [Float]) {
        precondition(rows >= 0, "negative row count \(rows)")
        var storage = [Float]()
        storage.reserveCapacity(rows * row.count)
        for _ in 0 ..< rows { storage.append(contentsOf: row) }
        self.init(rows: rows, columns: row.count, storage: storage)
    }

    /// The dot product of row `row` with row `otherRow` of `other` (`other` may be this matrix).
    ///
    /// - Precondition: both rows exist and the matrices have the same number of columns.
    /// - Returns: 0 for zero columns.
    /// - Complexity: O(columns).
    public func dotProduct(row: Int, with other: Matrix, row otherRow: Int) -> Float {
        precondition(columns == other.columns, "dot of rows of lengths \(columns) and \(other.columns)")
        checkRow(row)
        other.checkRow(otherRow)
        guard columns > 0 else { return 0 }
        return withUnsafeBufferPointer { x in
            other.withUnsafeBufferPointer { y in
                BLAS.dot(x.baseAddress! + row * columns, y.baseAddress! + otherRow * columns, count: columns)
            }
        }
    }

    /// The dot product of row `row` with `vector`.
    ///
    /// - Precondition: the row exists and `vector.count == columns`.
    /// - Returns: 0 for zero columns.
    /// - Complexity: O(columns).
    public func dotProduct(row: Int, with vector: [Float]) -> Float {
        precondition(vector.count == columns, "dot of a row of length \(columns) with a vector of length \(vector.count)")
        checkRow(row)
        guard columns > 0 else { return 0 }
        return withUnsafeBufferPointer { x in
            vector.withUnsafeBufferPointer { y in BLAS.dot(x.baseAddress! + row * columns, y.baseAddress!, count: columns) }
        }
    }

    /// The dot products of every row with `vector` (`A · x`, one `sgemv`), in row order.
    ///
    /// - Precondition: `vector.count == columns`.
    /// - Returns: `rows` values; zeros when there are no columns.
    /// - Complexity: O(rows · columns).
    public func dotProducts(with vector: [Float]) -> [Float] {
        precondition(vector.count == columns, "product of a matrix of \(columns) columns with a vector of length \(vector.count)")
        guard rows > 0, columns > 0 else { return [Float](repeating: 0, count: rows) }
        return [Float](unsafeUninitializedCapacity: rows) { result, initialized in
            withUnsafeBufferPointer { a in
                vector.withUnsafeBufferPointer { x in
                    BLAS.sgemv(.none, rows: rows, columns: columns, a: a.baseAddress!, lda: columns,
                               x: x.baseAddress!, y: result.baseAddress!)
                }
            }
            initialized = rows
        }
    }

    /// The Euclidean norm of row `row` (`snrm2`).
    /// - Complexity: O(columns).
    public func norm(row: Int) -> Float {
        checkRow(row)
        guard columns > 0 else { return 0 }
        return withUnsafeBufferPointer { BLAS.norm($0.baseAddress! + row * columns, count: columns) }
    }

    /// The squared Euclidean norm of every row (each row's dot product with itself), in row order.
    /// - Complexity: O(rows · columns).
    public func squaredRowNorms() -> [Float] {
        guard columns > 0 else { return [Float](repeating: 0, count: rows) }
        return withUnsafeBufferPointer { x in
            (0 ..< rows).map { row in
                let start = x.baseAddress! + row * columns
                return BLAS.dot(start, start, count: columns)
            }
        }
    }

    /// Multiplies row `row` by `alpha` in place (`sscal`).
    /// - Complexity: O(columns).
    public mutating func scale(row: Int, by alpha: Float) {
        checkRow(row)
        guard columns > 0 else { return }
        let columns = columns
        withUnsafeMutableBufferPointer { BLAS.scale($0.baseAddress! + row * columns, count: columns, by: alpha) }
    }

    /// Adds `alpha` times row `sourceRow` of `source` to row `row` of this matrix (`saxpy`).
    ///
    /// - Precondition: both rows exist and the matrices have the same number of columns.
    /// - Complexity: O(columns).
    public mutating func add(row sourceRow: Int, of source: Matrix, toRow row: Int, scaledBy alpha: Float = 1) {
        precondition(columns == source.columns, "adding a row of length \(source.columns) to one of length \(columns)")
        checkRow(row)
        source.checkRow(sourceRow)
        guard columns > 0 else { return }
        let columns = columns
        source.withUnsafeBufferPointer { x in
            withUnsafeMutableBufferPointer { y in
                BLAS.axpy(x.baseAddress! + sourceRow * columns, into: y.baseAddress! + row * columns, count: columns, alpha: alpha)
            }
        }
    }

    /// Adds `alpha` times `other` to this matrix, element by element (`saxpy` over the storage).
    ///
    /// - Precondition: the shapes are equal.
    /// - Complexity: O(rows · columns).
    public mutating func add(_ other: Matrix, scaledBy alpha: Float = 1) {
        precondition(rows == other.rows && columns == other.columns,
                     "adding a \(other.rows)×\(other.columns) matrix to a \(rows)×\(columns) one")
        let count = rows * columns
        guard count > 0 else { return }
        other.withUnsafeBufferPointer { x in
            withUnsafeMutableBufferPointer { y in BLAS.axpy(x.baseAddress!, into: y.baseAddress!, count: count, alpha: alpha) }
        }
    }

    /// Adds `vector` to every row (for example to centre rows with the negated mean).
    ///
    /// - Precondition: `vector.count == columns`.
    /// - Complexity: O(rows · columns).
    public mutating func addToEachRow(_ vector: [Float]) {
        precondition(vector.count == columns, "adding a vector of length \(vector.count) to rows of length \(columns)")
        let columns = columns
        withMutableStorage { storage in
            for start in stride(from: 0, to: storage.count, by: max(columns, 1)) {
                for column in 0 ..< columns { storage[start + column] += vector[column] }
            }
        }
    }

    /// Replaces row `row` with `values`.
    ///
    /// - Precondition: the row exists and `values.count == columns`.
    /// - Complexity: O(columns).
    public mutating func replace(row: Int, with values: [Float]) {
        precondition(values.count == columns, "a row of length \(values.count) in a matrix of \(columns) columns")
        checkRow(row)
        let columns = columns
        withMutableStorage { $0.replaceSubrange(row * columns ..< (row + 1) * columns, with: values) }
    }

    /// Traps unless `row` is a row of this matrix.
    func checkRow(_ row: Int) {
        precondition(row >= 0 && row < rows, "row \(row) out of range 0..<\(rows)")
    }
}
