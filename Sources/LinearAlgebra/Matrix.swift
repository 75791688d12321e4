/// A dense row-major matrix of `Float` held in one contiguous buffer.
///
/// Rows are the unit of everything in PersonaBank (one embedding per row), so the
/// type offers cheap row access and amortised row appends. Products, row operations and
/// tiled scans over matrices live beside it in LinearAlgebra (`Matrix+Rows.swift`,
/// `Matrix+Block.swift`, `ProductTile.swift`), so no other module needs a pointer to the storage.
public struct Matrix: Sendable, Equatable {
    /// Number of rows.
    public private(set) var rows: Int
    /// Number of columns (the vector dimension).
    public let columns: Int
    /// Row-major elements, `rows * columns` of them.
    public private(set) var storage: [Float]

    /// A matrix filled with one value.
    public init(rows: Int, columns: Int, repeating value: Float = 0) {
        precondition(rows >= 0 && columns >= 0, "negative matrix shape")
        self.rows = rows
        self.columns = columns
        self.storage = [Float](repeating: value, count: rows * columns)
    }

    /// A matrix over existing row-major storage.
    /// - Precondition: `storage.count == rows * columns` (a programmer error otherwise).
    public init(rows: Int, columns: Int, storage: [Float]) {
        precondition(storage.count == rows * columns, "storage has \(storage.count) elements, shape needs \(rows * columns)")
        self.rows = rows
        self.columns = columns
        self.storage = storage
    }

    /// A matrix whose rows are the given vectors, all of length `columns`.
    public init(columns: Int, rowVectors: [[Float]]) {
        var storage = [Float]()
        storage.reserveCapacity(columns * rowVectors.count)
        for row in rowVectors {
            precondition(row.count == columns, "row of length \(row.count), expected \(columns)")
            storage.append(contentsOf: row)
        }
        self.init(rows: rowVectors.count, columns: columns, storage: storage)
    }

    /// Element at `row`, `column`.
    public subscript(row: Int, column: Int) -> Float {
        get { storage[row * columns + column] }
        set { storage[row * columns + column] = newValue }
    }

    /// A copy of one row.
    public func row(_ index: Int) -> [Float] {
        Array(storage[index * columns ..< (index + 1) * columns])
    }

    /// Appends one row; storage grows geometrically, so appends are amortised O(columns).
    public mutating func append(row: [Float]) {
        precondition(row.count == columns, "row of length \(row.count), expected \(columns)")
        storage.append(contentsOf: row)
        rows += 1
    }

    /// Appends all rows of another matrix with the same column count.
    public mutating func append(rowsOf other: Matrix) {
        precondition(other.columns == columns, "column mismatch \(other.columns) vs \(columns)")
        storage.append(contentsOf: other.storage)
        rows += other.rows
    }

    /// Reserves storage for `rowCount` rows in total.
    public mutating func reserveCapacity(rows rowCount: Int) {
        storage.reserveCapacity(rowCount * columns)
    }

    /// The rows at the given indices, in that order.
    public func selecting(rows indices: [Int]) -> Matrix {
        var result = [Float]()
        result.reserveCapacity(indices.count * columns)
        for index in indices {
            result.append(contentsOf: storage[index * columns ..< (index + 1) * columns])
        }
        return Matrix(rows: indices.count, columns: columns, storage: result)
    }

    /// Calls `body` with the row-major elements to update in place (for element-wise kernels,
    /// such as an encoder's LayerNorm, that have no BLAS routine).
    ///
    /// - Precondition: `body` leaves `rows * columns` elements (a programmer error otherwise).
    /// - Complexity: O(1) plus `body`; the storage is not copied when it is uniquely referenced.
    public mutating func withMutableStorage<R>(_ body: (inout [Float]) throws -> R) rethrows -> R {
        defer { precondition(storage.count == rows * columns, "storage resized to \(storage.count) elements, shape needs \(rows * columns)") }
        return try body(&storage)
    }

    /// Calls `body` with the row-major elements (LinearAlgebra's BLAS calls only).
    func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try storage.withUnsafeBufferPointer(body)
    }

    /// Calls `body` with the mutable row-major elements (LinearAlgebra's BLAS calls only).
    mutating func withUnsafeMutableBufferPointer<R>(_ body: (inout UnsafeMutableBufferPointer<Float>) throws -> R) rethrows -> R {
        try storage.withUnsafeMutableBufferPointer(body)
    }
}
