/// Encodes the cells of one column for one row group into a column chunk: an optional dictionary
/// page (strings, when the distinct values fit the limit) and data pages v1 of about
/// ``ParquetWriter/Options/dataPageSize`` bytes, each ending at a row boundary.
struct ColumnChunkWriter {
    let leaf: LeafLayout
    let codec: CompressionCodec
    let options: ParquetWriter.Options

    /// The chunk's bytes and metadata, for a chunk that starts at `fileOffset`.
    ///
    /// - Throws: ``ParquetError`` when a page exceeds the format's 2 GiB page size or compression fails.
    func encode(_ cells: [ParquetValue], at fileOffset: Int) throws(ParquetError) -> (bytes: [UInt8], metadata: ColumnMetaData) {
        var chunk = ChunkBuffer(codec: codec)
        let dictionary = leaf.kind == .string ? stringDictionary(of: cells) : nil
        if let dictionary {
            var plain: [UInt8] = []
            PlainEncoder.encode(dictionary.entries.map(ParquetValue.string), into: &plain)
            var header = PageHeader(type: .dictionaryPage, uncompressedPageSize: 0, compressedPageSize: 0)
            header.dictionaryPageHeader = DictionaryPageHeader(numValues: try int32(dictionary.entries.count), encoding: .plain)
            try chunk.appendPage(header, body: plain)
        }
        let dataPageOffset = fileOffset + chunk.bytes.count
        var page = PageBuffer()
        for cell in cells {
            add(cell, to: &page, dictionary: dictionary)
            if page.estimatedSize >= options.dataPageSize { try flush(&page, into: &chunk, dictionary: dictionary) }
        }
        if page.levelCount > 0 { try flush(&page, into: &chunk, dictionary: dictionary) }
        let encodings: [Encoding] = dictionary == nil ? [.plain, .rle] : [.plain, .rle, .rleDictionary]
        let metadata = ColumnMetaData(type: leaf.kind.physicalType, encodings: encodings, pathInSchema: leaf.path, codec: codec,
                                      numValues: Int64(chunk.levelCount), totalUncompressedSize: Int64(chunk.uncompressedSize),
                                      totalCompressedSize: Int64(chunk.bytes.count), dataPageOffset: Int64(dataPageOffset),
                                      dictionaryPageOffset: dictionary == nil ? nil : Int64(fileOffset))
        return (chunk.bytes, metadata)
    }

    /// Adds one cell's levels and leaf values to the page.
    private func add(_ cell: ParquetValue, to page: inout PageBuffer, dictionary: StringDictionary?) {
        guard let list = leaf.list else {
            if leaf.maxDefinitionLevel > 0 { page.definition.append(cell == .null ? 0 : 1) }
            page.levelCount += 1
            if cell != .null { page.add(cell, dictionary: dictionary) }
            return
        }
        guard case let .list(elements) = cell else {
            page.appendLevels(repetition: 0, definition: 0, hasDefinition: true)
            return
        }
        if elements.isEmpty {
            page.appendLevels(repetition: 0, definition: UInt32(list.present), hasDefinition: true)
            return
        }
        for (position, element) in elements.enumerated() {
            let isValue = element != .null
            page.appendLevels(repetition: position == 0 ? 0 : 1, definition: UInt32(isValue ? leaf.maxDefinitionLevel : list.slot), hasDefinition: true)
            if isValue { page.add(element, dictionary: dictionary) }
        }
    }

    /// Writes the page's levels and values as one data page and empties it.
    private func flush(_ page: inout PageBuffer, into chunk: inout ChunkBuffer, dictionary: StringDictionary?) throws(ParquetError) {
        var body: [UInt8] = []
        if leaf.maxRepetitionLevel > 0 {
            appendLevels(page.repetition, maximum: leaf.maxRepetitionLevel, to: &body)
        }
        if leaf.maxDefinitionLevel > 0 {
            appendLevels(page.definition, maximum: leaf.maxDefinitionLevel, to: &body)
        }
        if let dictionary {
            let width = max(1, RLEBitPackedHybridEncoder.bitWidth(forMaximum: UInt32(max(dictionary.entries.count - 1, 0))))
            body.append(UInt8(width))
            RLEBitPackedHybridEncoder.encode(page.indices, bitWidth: width, into: &body)
        } else {
            PlainEncoder.encode(page.values, into: &body)
        }
        var header = PageHeader(type: .dataPage, uncompressedPageSize: 0, compressedPageSize: 0)
        header.dataPageHeader = DataPageHeader(numValues: try int32(page.levelCount), encoding: dictionary == nil ? .plain : .rleDictionary,
                                               definitionLevelEncoding: .rle, repetitionLevelEncoding: .rle)
        try chunk.appendPage(header, body: body)
        chunk.levelCount += page.levelCount
        page = PageBuffer()
    }

    /// Appends levels RLE/bit-packed, after their 4-byte length.
    private func appendLevels(_ levels: [UInt32], maximum: Int, to body: inout [UInt8]) {
        var encoded: [UInt8] = []
        RLEBitPackedHybridEncoder.encode(levels, bitWidth: RLEBitPackedHybridEncoder.bitWidth(forMaximum: UInt32(maximum)), into: &encoded)
        body.appendLE(UInt32(truncatingIfNeeded: encoded.count))
        body.append(contentsOf: encoded)
    }

    /// The dictionary of the chunk's strings, or nil when it would exceed the page-size limit or there are no strings.
    private func stringDictionary(of cells: [ParquetValue]) -> StringDictionary? {
        var dictionary = StringDictionary()
        for cell in cells {
            switch cell {
            case let .string(text):
                guard dictionary.insert(text, limit: options.dictionaryPageSizeLimit) else { return nil }
            case let .list(elements):
                for case let .string(text) in elements {
                    guard dictionary.insert(text, limit: options.dictionaryPageSizeLimit) else { return nil }
                }
            default:
                continue
            }
        }
        return dictionary.entries.isEmpty ? nil : dictionary
    }
}

/// The distinct strings of a chunk, in first-seen order, with their PLAIN size.
struct StringDictionary {
    private(set) var entries: [String] = []
    private(set) var indices: [String: UInt32] = [:]
    private var plainSize = 0

    /// Adds `text` unless present; false when the dictionary would then exceed `limit` bytes.
    mutating func insert(_ text: String, limit: Int) -> Bool {
        guard indices[text] == nil else { return true }
        plainSize += 4 + text.utf8.count
        guard plainSize <= limit else { return false }
        indices[text] = UInt32(entries.count)
        entries.append(text)
        return true
    }
}

/// The levels and values of the data page being filled.
private struct PageBuffer {
    var repetition: [UInt32] = []
    var definition: [UInt32] = []
    var values: [ParquetValue] = []
    var indices: [UInt32] = []
    var levelCount = 0
    var estimatedSize = 0

    mutating func appendLevels(repetition level: UInt32, definition value: UInt32, hasDefinition: Bool) {
        repetition.append(level)
        if hasDefinition { definition.append(value) }
        levelCount += 1
        estimatedSize += 1
    }

    mutating func add(_ value: ParquetValue, dictionary: StringDictionary?) {
        if let dictionary, case let .string(text) = value, let index = dictionary.indices[text] {
            indices.append(index)
            estimatedSize += 4
        } else {
            values.append(value)
            estimatedSize += PlainEncoder.estimatedSize(of: value)
        }
    }
}

/// The pages of a chunk written so far.
private struct ChunkBuffer {
    let codec: CompressionCodec
    var bytes: [UInt8] = []
    var uncompressedSize = 0
    var levelCount = 0

    /// Compresses `body`, completes `header` with the sizes and appends both.
    mutating func appendPage(_ header: PageHeader, body: [UInt8]) throws(ParquetError) {
        let compressed = try codec.compress(body[...])
        var header = header
        header.uncompressedPageSize = try int32(body.count)
        header.compressedPageSize = try int32(compressed.count)
        var writer = CompactWriter()
        writer.writeStruct { header.encode(to: &$0) }
        bytes.append(contentsOf: writer.bytes)
        bytes.append(contentsOf: compressed)
        uncompressedSize += writer.bytes.count + body.count
    }
}

/// `value` as an `Int32` page field, or an error when a page grows past the format's 2 GiB.
private func int32(_ value: Int) throws(ParquetError) -> Int32 {
    guard let narrow = Int32(exactly: value) else {
        throw ParquetError(.invalidArgument, file: "", detail: "a page of \(value) bytes or values exceeds Parquet's 32-bit page fields")
    }
    return narrow
}
