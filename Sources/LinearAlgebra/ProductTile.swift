/// One tile of the product `A · Bᵀ`: the dot products of rows ``rows`` of `A` with rows
/// ``columns`` of `B`, as ``Matrix/forEachProductTile(with:tileRows:tileColumns:selecting:pairedRows:_:)``
/// hands them out.
///
/// A value (its storage is shared copy-on-write), so a tile can be handed to worker threads that
/// scan its rows in parallel.
public struct ProductTile: Sendable {
    /// The rows of `A` in the tile (positions in the selection when `A`'s rows were selected).
    public internal(set) var rows: Range<Int>
    /// The rows of `B` in the tile.
    public internal(set) var columns: Range<Int>
    /// The products, row-major with row stride `columns.count`: row `i` of `A` times row `j` of
    /// `B` is at `(i - rows.lowerBound) · columns.count + (j - columns.lowerBound)`. The storage is
    /// reused from tile to tile, so elements past `rows.count · columns.count` are left over.
    public internal(set) var values: [Float]

    /// Row `row` of `A` times row `column` of `B`.
    /// - Precondition: `row` is in ``rows`` and `column` in ``columns``.
    @inlinable
    public subscript(row: Int, column: Int) -> Float {
        precondition(rows.contains(row) && columns.contains(column), "(\(row), \(column)) outside the tile \(rows) × \(columns)")
        return values[(row - rows.lowerBound) * columns.count + (column - columns.lowerBound)]
    }

    /// Calls `body(column, value)` for each product of row `row` of `A` with the rows of `B` from
    /// `firstColumn` on that is at least `threshold`, in column order (``ThresholdScan``).
    ///
    /// - Parameters:
    ///   - row: a row in ``rows``.
    ///   - firstColumn: the first row of `B` scanned; nil for ``columns``'s first. Past the tile's
    ///     end, nothing is scanned.
    /// - Complexity: O(columns.count) plus the calls.
    @inlinable
    public func forEachValue(inRow row: Int, from firstColumn: Int? = nil, atLeast threshold: Float,
                             _ body: (_ column: Int, _ value: Float) -> Void) {
        precondition(rows.contains(row), "row \(row) outside the tile's rows \(rows)")
        let start = min(max(firstColumn ?? columns.lowerBound, columns.lowerBound), columns.upperBound)
        let base = (row - rows.lowerBound) * columns.count - columns.lowerBound
        ThresholdScan.forEach(in: values, base + start ..< base + columns.upperBound, atLeast: threshold) { index, value in
            body(index - base, value)
        }
    }

    /// Calls `body(column, value)` for each product of row `row` of `A` with the rows of `B` that is
    /// strictly above the running cut-off, in column order; the cut-off starts at `cutoff` and
    /// becomes whatever `body` returns (``ThresholdScan/forEach(in:_:above:_:)``).
    ///
    /// - Complexity: O(columns.count) plus the calls.
    @inlinable
    public func forEachValue(inRow row: Int, above cutoff: Float, _ body: (_ column: Int, _ value: Float) -> Float) {
        precondition(rows.contains(row), "row \(row) outside the tile's rows \(rows)")
        let base = (row - rows.lowerBound) * columns.count - columns.lowerBound
        ThresholdScan.forEach(in: values, base + columns.lowerBound ..< base + columns.upperBound, above: cutoff) { index, value in
            body(index - base, value)
        }
    }
}

extension Matrix {
    /// Calls `body` with every tile of `self · otherᵀ` (one `sgemm` each): the rows of `self` (or
    /// of its selected rows) in blocks of `tileRows`, outer, and for each block the rows of `other`
    /// that `pairedRows` names, in blocks of `tileColumns`, inner.
    ///
    /// The products go to one reused buffer, so scratch memory stays at `tileRows × tileColumns`
    /// floats whatever the sizes.
    /// - Parameters:
    ///   - other: `B`, with the same number of columns.
    ///   - tileRows: rows of `self` per tile, at least 1.
    ///   - tileColumns: rows of `other` per tile, at least 1.
    ///   - selection: the rows of `self` to use, in this order (gathered one block at a time, so
    ///     memory is one block of them); nil for all rows. Tile rows are then positions in it.
    ///   - pairedRows: the rows of `other` paired with a block of rows, within `0 ..< other.rows`;
    ///     nil for all (a self-join passes `block.lowerBound ..< rows` to skip the lower triangle).
    ///     Tiles start at its lower bound.
    ///   - body: called once per tile, in order.
    /// - Complexity: O(|rows| · |paired rows| · columns) through sgemm; O(tileRows · tileColumns)
    ///   scratch, plus O(tileRows · columns) to gather selected rows.
    public func forEachProductTile(with other: Matrix, tileRows: Int, tileColumns: Int,
                                   selecting selection: [Int]? = nil,
                                   pairedRows: ((Range<Int>) -> Range<Int>)? = nil,
                                   _ body: (ProductTile) throws -> Void) rethrows {
        precondition(columns == other.columns, "dimension mismatch \(columns) vs \(other.columns)")
        precondition(tileRows > 0 && tileColumns > 0, "tile sides must be positive, got \(tileRows) × \(tileColumns)")
        let count = selection?.count ?? rows
        guard count > 0, other.rows > 0 else { return }
        let blockRows = min(tileRows, count), blockColumns = min(tileColumns, other.rows)
        var tile = ProductTile(rows: 0 ..< 0, columns: 0 ..< 0, values: [Float](repeating: 0, count: blockRows * blockColumns))
        for start in stride(from: 0, to: count, by: blockRows) {
            let rowRange = start ..< min(start + blockRows, count)
            let gathered = selection.map { selecting(rows: Array($0[rowRange])) }
            let a = gathered?.block() ?? block(rows: rowRange)
            let paired = pairedRows?(rowRange) ?? 0 ..< other.rows
            precondition(paired.lowerBound >= 0 && paired.upperBound <= other.rows, "paired rows \(paired) outside 0..<\(other.rows)")
            for first in stride(from: paired.lowerBound, to: paired.upperBound, by: blockColumns) {
                let columnRange = first ..< min(first + blockColumns, paired.upperBound)
                tile.rows = rowRange
                tile.columns = columnRange
                Self.product(a, other.block(rows: columnRange), into: &tile.values)
                try body(tile)
            }
        }
    }

    /// `values = a · bᵀ`, packed with row stride `b.rows.count` (one sgemm; zeros when there are no columns).
    private static func product(_ a: Block, _ b: Block, into values: inout [Float]) {
        let m = a.rows.count, n = b.rows.count, k = a.columns.count
        guard k > 0 else {
            for index in 0 ..< m * n { values[index] = 0 }
            return
        }
        a.matrix.withUnsafeBufferPointer { ap in
            b.matrix.withUnsafeBufferPointer { bp in
                values.withUnsafeMutableBufferPointer { c in
                    BLAS.sgemm(.none, .transposed, m: m, n: n, k: k,
                               a: ap.baseAddress! + a.offset, lda: a.matrix.columns,
                               b: bp.baseAddress! + b.offset, ldb: b.matrix.columns,
                               c: c.baseAddress!, ldc: n)
                }
            }
        }
    }
}
