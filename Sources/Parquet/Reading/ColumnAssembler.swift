/// Rebuilds a column's cells from the definition and repetition levels and the non-null values
/// of its pages, page after page (a list may continue from one page to the next).
struct ColumnAssembler {
    private let leaf: LeafLayout
    private let expectedRows: Int
    private(set) var cells: [ParquetValue] = []
    /// The list being filled (repeated columns): whether a row is open, is null, and its elements.
    private var rowOpen = false
    private var rowIsNull = false
    private var elements: [ParquetValue] = []

    /// An assembler for `expectedRows` rows of `leaf`.
    init(leaf: LeafLayout, expectedRows: Int) {
        self.leaf = leaf
        self.expectedRows = expectedRows
    }

    /// Adds one page: `count` level entries (`definition` and `repetition` hold them when the
    /// column has such levels) and the page's non-null `values` in order.
    ///
    /// - Throws: ``ParquetError`` when a level is out of range, values are missing or left over,
    ///   or the rows exceed the row group's count.
    mutating func append(count: Int, definition: [UInt8], repetition: [UInt8], values: [ParquetValue]) throws(ParquetError) {
        if let list = leaf.list {
            try appendList(count: count, definition: definition, repetition: repetition, values: values, levels: list)
        } else {
            try appendFlat(count: count, definition: definition, values: values)
        }
    }

    private mutating func appendFlat(count: Int, definition: [UInt8], values: [ParquetValue]) throws(ParquetError) {
        guard count <= expectedRows - cells.count else {
            throw ParquetError.malformed("the pages hold more than the row group's \(expectedRows) rows")
        }
        if leaf.maxDefinitionLevel == 0 {
            guard values.count == count else { throw ParquetError.malformed("a page of \(count) required values decoded \(values.count)") }
            cells.append(contentsOf: values)
            return
        }
        var next = 0
        for level in definition.prefix(count) {
            if level == 1 {
                guard next < values.count else { throw ParquetError.malformed("a page has fewer values than its definition levels say") }
                cells.append(values[next])
                next += 1
            } else {
                cells.append(.null)
            }
        }
        guard next == values.count else { throw ParquetError.malformed("a page has \(values.count - next) values beyond its definition levels") }
    }

    private mutating func appendList(count: Int, definition: [UInt8], repetition: [UInt8], values: [ParquetValue],
                                     levels: ListLevels) throws(ParquetError) {
        let maxDefinition = leaf.maxDefinitionLevel
        var next = 0
        for index in 0 ..< count {
            let level = Int(definition[index])
            if repetition[index] == 0 {
                closeRow()
                guard cells.count < expectedRows else { throw ParquetError.malformed("the pages hold more than the row group's \(expectedRows) rows") }
                rowOpen = true
                rowIsNull = level < levels.present
                if level < levels.slot { continue }
            } else {
                guard rowOpen, !rowIsNull, level >= levels.slot else {
                    throw ParquetError.malformed("a list element continues a row that is null, empty or absent")
                }
            }
            if level == maxDefinition {
                guard next < values.count else { throw ParquetError.malformed("a page has fewer values than its definition levels say") }
                elements.append(values[next])
                next += 1
            } else {
                elements.append(.null)
            }
        }
        guard next == values.count else { throw ParquetError.malformed("a page has \(values.count - next) values beyond its definition levels") }
    }

    private mutating func closeRow() {
        guard rowOpen else { return }
        cells.append(rowIsNull ? .null : .list(elements))
        elements = []
        rowOpen = false
    }

    /// The column's cells, after the last page.
    ///
    /// - Throws: ``ParquetError`` when the pages held another number of rows than the row group.
    mutating func finish() throws(ParquetError) -> [ParquetValue] {
        closeRow()
        guard cells.count == expectedRows else {
            throw ParquetError.malformed("the column's pages hold \(cells.count) rows, the row group \(expectedRows)")
        }
        return cells
    }
}
