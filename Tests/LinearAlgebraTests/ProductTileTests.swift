import Testing
import LinearAlgebra
import TestSupport

@Suite("Tiled products and their threshold scans") struct ProductTileTests {
    /// Every (row, column) product the tiles hold, checked against the naive product.
    private func collect(_ a: Matrix, _ b: Matrix, tileRows: Int, tileColumns: Int, selecting selection: [Int]? = nil,
                         pairedRows: ((Range<Int>) -> Range<Int>)? = nil) -> (tiles: [(Range<Int>, Range<Int>)], products: [[Int]: Float]) {
        var tiles = [(Range<Int>, Range<Int>)](), products = [[Int]: Float]()
        a.forEachProductTile(with: b, tileRows: tileRows, tileColumns: tileColumns, selecting: selection, pairedRows: pairedRows) { tile in
            tiles.append((tile.rows, tile.columns))
            for row in tile.rows {
                for column in tile.columns {
                    #expect(products[[row, column]] == nil, "(\(row), \(column)) in two tiles")
                    products[[row, column]] = tile[row, column]
                }
            }
        }
        return (tiles, products)
    }

    @Test("tiles cover the product once, the last ones partial", arguments: [(3, 2), (7, 5), (10, 10), (1, 1)])
    func tilesCoverTheProduct(tileRows: Int, tileColumns: Int) {
        var random = SplitMix64(seed: 31)
        let a = random.gaussianMatrix(7, columns: 6), b = random.gaussianMatrix(5, columns: 6)
        let (tiles, products) = collect(a, b, tileRows: tileRows, tileColumns: tileColumns)
        #expect(products.count == 7 * 5)
        #expect(tiles.allSatisfy { $0.0.count <= tileRows && $0.1.count <= tileColumns })
        // Rows outer, columns inner, in order.
        #expect(tiles.first.map { $0.0.lowerBound == 0 && $0.1.lowerBound == 0 } ?? false)
        #expect(tiles.last.map { $0.0.upperBound == 7 && $0.1.upperBound == 5 } ?? false)
        let expected = Naive.product(a, transposed: false, b, transposed: true)
        for (key, value) in products {
            #expect(isClose(Double(value), expected.values[key[0] * 5 + key[1]], absolute: 1e-4))
        }
    }

    @Test func selectedRowsArePositionsInTheSelection() {
        var random = SplitMix64(seed: 32)
        let a = random.gaussianMatrix(9, columns: 4), b = random.gaussianMatrix(3, columns: 4)
        let selection = [8, 0, 5, 5, 2]
        let (tiles, products) = collect(a, b, tileRows: 2, tileColumns: 3, selecting: selection)
        #expect(tiles.map(\.0) == [0 ..< 2, 2 ..< 4, 4 ..< 5])
        #expect(products.count == selection.count * 3)
        for (position, row) in selection.enumerated() {
            for column in 0 ..< 3 {
                #expect(isClose(Double(products[[position, column]] ?? .nan), Naive.dot(a.row(row), b.row(column)), absolute: 1e-4))
            }
        }
    }

    @Test func pairedRowsRestrictAndStartTheColumnTiles() {
        var random = SplitMix64(seed: 33)
        let a = random.gaussianMatrix(7, columns: 3)
        // Upper triangle by blocks, as a self-join pairs them.
        let (tiles, products) = collect(a, a, tileRows: 3, tileColumns: 3, pairedRows: { $0.lowerBound ..< 7 })
        #expect(tiles.map(\.1) == [0 ..< 3, 3 ..< 6, 6 ..< 7, 3 ..< 6, 6 ..< 7, 6 ..< 7])
        for (key, _) in products { #expect(key[1] >= key[0] / 3 * 3) }
        // Lower triangle, as the audit's neighbour scan pairs them; an empty pairing gives no tile.
        let lower = collect(a, a, tileRows: 3, tileColumns: 3, pairedRows: { 0 ..< $0.upperBound })
        #expect(lower.tiles.map(\.1) == [0 ..< 3, 0 ..< 3, 3 ..< 6, 0 ..< 3, 3 ..< 6, 6 ..< 7])
        #expect(collect(a, a, tileRows: 3, tileColumns: 3, pairedRows: { _ in 2 ..< 2 }).tiles.isEmpty)
    }

    @Test func emptyOperandsGiveNoTiles() {
        let empty = Matrix(rows: 0, columns: 4), some = Matrix(rows: 3, columns: 4, repeating: 1)
        #expect(collect(empty, some, tileRows: 2, tileColumns: 2).tiles.isEmpty)
        #expect(collect(some, empty, tileRows: 2, tileColumns: 2).tiles.isEmpty)
        #expect(collect(some, some, tileRows: 2, tileColumns: 2, selecting: []).tiles.isEmpty)
        // Rows without columns: every product is zero.
        let flat = Matrix(rows: 2, columns: 0)
        let zeros = collect(flat, flat, tileRows: 2, tileColumns: 2)
        #expect(zeros.products.count == 4 && zeros.products.values.allSatisfy { isClose($0, 0) })
    }

    @Test("a threshold scan of a tile row finds exactly the products at or above it, from a column on",
          arguments: [1, 63, 64, 65, 200])
    func thresholdScanOfATileRow(columns: Int) {
        var random = SplitMix64(seed: UInt64(34 + columns))
        let a = random.unitRows(3, columns: 8), b = random.unitRows(columns, columns: 8)
        a.forEachProductTile(with: b, tileRows: 3, tileColumns: columns) { tile in
            for row in tile.rows {
                for first in [0, 1, columns / 2, columns, columns + 5] {
                    var found = [(Int, Float)]()
                    tile.forEachValue(inRow: row, from: first, atLeast: 0.1) { found.append(($0, $1)) }
                    let expected = (min(first, columns) ..< columns).filter { tile[row, $0] >= 0.1 }
                    #expect(found.map(\.0) == expected)
                    #expect(found.allSatisfy { isClose($0.1, tile[row, $0.0]) })
                }
            }
        }
    }

    @Test func aRunningCutoffScanKeepsTheTopThree() {
        var random = SplitMix64(seed: 35)
        let a = random.unitRows(2, columns: 16), b = random.unitRows(150, columns: 16)
        a.forEachProductTile(with: b, tileRows: 2, tileColumns: 100) { tile in
            for row in tile.rows {
                var kept = [(column: Int, value: Float)]()
                tile.forEachValue(inRow: row, above: -.infinity) { column, value in
                    kept.append((column, value))
                    kept.sort { $0.value > $1.value }
                    if kept.count > 3 { kept.removeLast() }
                    return kept.count == 3 ? kept[2].value : -.infinity
                }
                let expected = tile.columns.sorted { tile[row, $0] > tile[row, $1] }.prefix(3)
                #expect(kept.map(\.column) == Array(expected))
            }
        }
    }
}
