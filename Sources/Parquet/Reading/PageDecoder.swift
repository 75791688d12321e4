/// Decodes the pages of one column chunk: the dictionary page, then data pages v1 and v2, into
/// levels and non-null values (reusing its buffers from page to page).
struct PageDecoder {
    private let leaf: LeafLayout
    private let codec: CompressionCodec
    private let limits: ParquetReadLimits
    private var dictionary: [ParquetValue]?
    /// The current page's definition levels (empty when the column has none).
    private(set) var definition: [UInt8] = []
    /// The current page's repetition levels (empty when the column has none).
    private(set) var repetition: [UInt8] = []
    /// The current page's non-null values, in order.
    private(set) var values: [ParquetValue] = []
    private var indices: [UInt32] = []

    init(leaf: LeafLayout, codec: CompressionCodec, limits: ParquetReadLimits) {
        self.leaf = leaf
        self.codec = codec
        self.limits = limits
    }

    /// Whether a dictionary page has been read.
    var hasDictionary: Bool { dictionary != nil }

    /// Reads a dictionary page's PLAIN entries.
    mutating func readDictionaryPage(_ header: PageHeader, body: ArraySlice<UInt8>) throws(ParquetError) {
        guard let dictionaryHeader = header.dictionaryPageHeader else { throw ParquetError.malformed("a dictionary page has no DictionaryPageHeader") }
        guard dictionaryHeader.encoding == .plain || dictionaryHeader.encoding == .plainDictionary else {
            throw ParquetError.unsupported("\(dictionaryHeader.encoding) dictionary page")
        }
        guard dictionaryHeader.numValues >= 0 else { throw ParquetError.malformed("a dictionary page declares \(dictionaryHeader.numValues) entries") }
        let data = try codec.decompress(body, expectedSize: Int(header.uncompressedPageSize), limit: limits.maxPageBytes)
        var entries: [ParquetValue] = []
        _ = try PlainDecoder.decode(data, count: Int(dictionaryHeader.numValues), kind: leaf.kind, into: &entries)
        dictionary = entries
    }

    /// Decodes a data page (v1): the whole body is compressed; levels carry 4-byte lengths.
    ///
    /// - Parameter remaining: The column chunk's values not yet read (the page may not hold more).
    /// - Returns: The page's level entries (its values including nulls).
    mutating func readDataPage(_ header: PageHeader, body: ArraySlice<UInt8>, remaining: Int) throws(ParquetError) -> Int {
        guard let pageHeader = header.dataPageHeader else { throw ParquetError.malformed("a data page has no DataPageHeader") }
        let count = try levelCount(pageHeader.numValues, remaining: remaining)
        let data = try codec.decompress(body, expectedSize: Int(header.uncompressedPageSize), limit: limits.maxPageBytes)
        var position = data.startIndex
        if leaf.maxRepetitionLevel > 0 {
            try requireRLE(pageHeader.repetitionLevelEncoding, "repetition")
            let region = try lengthPrefixed(data, at: &position, what: "repetition levels")
            try decodeLevels(region, count: count, maxLevel: leaf.maxRepetitionLevel, into: &repetition)
        }
        if leaf.maxDefinitionLevel > 0 {
            try requireRLE(pageHeader.definitionLevelEncoding, "definition")
            let region = try lengthPrefixed(data, at: &position, what: "definition levels")
            try decodeLevels(region, count: count, maxLevel: leaf.maxDefinitionLevel, into: &definition)
        }
        try decodeValues(data[position...], encoding: pageHeader.encoding, count: count)
        return count
    }

    /// Decodes a data page v2: levels first and never compressed, then the values, compressed
    /// when `is_compressed` says so.
    ///
    /// - Parameter remaining: The column chunk's values not yet read (the page may not hold more).
    /// - Returns: The page's level entries (its values including nulls).
    mutating func readDataPageV2(_ header: PageHeader, body: ArraySlice<UInt8>, remaining: Int) throws(ParquetError) -> Int {
        guard let pageHeader = header.dataPageHeaderV2 else { throw ParquetError.malformed("a data page v2 has no DataPageHeaderV2") }
        let count = try levelCount(pageHeader.numValues, remaining: remaining)
        let repetitionLength = Int(pageHeader.repetitionLevelsByteLength)
        let definitionLength = Int(pageHeader.definitionLevelsByteLength)
        guard repetitionLength >= 0, definitionLength >= 0, repetitionLength + definitionLength <= body.count else {
            throw ParquetError.malformed("level lengths \(repetitionLength) + \(definitionLength) do not fit the page's \(body.count) bytes")
        }
        let levelsEnd = body.startIndex + repetitionLength + definitionLength
        if leaf.maxRepetitionLevel > 0 {
            let region = body[body.startIndex ..< body.startIndex + repetitionLength]
            try decodeLevels(region, count: count, maxLevel: leaf.maxRepetitionLevel, into: &repetition)
        }
        if leaf.maxDefinitionLevel > 0 {
            let region = body[body.startIndex + repetitionLength ..< levelsEnd]
            try decodeLevels(region, count: count, maxLevel: leaf.maxDefinitionLevel, into: &definition)
        }
        let valuesSize = Int(header.uncompressedPageSize) - repetitionLength - definitionLength
        guard valuesSize >= 0 else { throw ParquetError.malformed("the page's uncompressed size is smaller than its levels") }
        let compressed = body[levelsEnd...]
        let data = pageHeader.isCompressed ? try codec.decompress(compressed, expectedSize: valuesSize, limit: limits.maxPageBytes) : compressed
        try decodeValues(data, encoding: pageHeader.encoding, count: count)
        return count
    }

    private func levelCount(_ numValues: Int32, remaining: Int) throws(ParquetError) -> Int {
        guard numValues >= 0, Int(numValues) <= remaining else {
            throw ParquetError.malformed("a data page declares \(numValues) values; the column chunk has \(remaining) left")
        }
        return Int(numValues)
    }

    private func requireRLE(_ encoding: Encoding, _ what: String) throws(ParquetError) {
        guard encoding == .rle else { throw ParquetError.unsupported("\(encoding) \(what) levels") }
    }

    /// The region after a 4-byte little-endian length at `position`, advancing past it.
    private func lengthPrefixed(_ data: ArraySlice<UInt8>, at position: inout Int, what: String) throws(ParquetError) -> ArraySlice<UInt8> {
        guard data.endIndex - position >= 4 else { throw ParquetError.malformed("the length of the \(what) is cut off") }
        let length = Int(data.uint32LE(at: position))
        guard length <= data.endIndex - position - 4 else { throw ParquetError.malformed("\(what) of \(length) bytes run past the page's end") }
        let region = data[position + 4 ..< position + 4 + length]
        position += 4 + length
        return region
    }

    private func decodeLevels(_ region: ArraySlice<UInt8>, count: Int, maxLevel: Int, into levels: inout [UInt8]) throws(ParquetError) {
        levels.removeAll(keepingCapacity: true)
        var decoder = try RLEBitPackedHybridDecoder(region, bitWidth: RLEBitPackedHybridEncoder.bitWidth(forMaximum: UInt32(maxLevel)))
        try decoder.decode(count: count, into: &levels)
        for level in levels where Int(level) > maxLevel {
            throw ParquetError.malformed("a level \(level) is above the column's maximum \(maxLevel)")
        }
    }

    /// Decodes the non-null values of a page whose levels are already decoded.
    private mutating func decodeValues(_ data: ArraySlice<UInt8>, encoding: Encoding, count: Int) throws(ParquetError) {
        values.removeAll(keepingCapacity: true)
        var present = count
        if leaf.maxDefinitionLevel > 0 {
            let top = UInt8(leaf.maxDefinitionLevel)
            present = 0
            for level in definition where level == top { present += 1 }
        }
        switch encoding {
        case .plain:
            _ = try PlainDecoder.decode(data, count: present, kind: leaf.kind, into: &values)
        case .plainDictionary, .rleDictionary:
            guard let dictionary else { throw ParquetError.malformed("a dictionary-encoded page comes without a dictionary page") }
            guard present > 0 else { return }
            guard let width = data.first else { throw ParquetError.malformed("a dictionary-encoded page has no bit width") }
            var decoder = try RLEBitPackedHybridDecoder(data.dropFirst(), bitWidth: Int(width))
            indices.removeAll(keepingCapacity: true)
            try decoder.decode(count: present, into: &indices)
            values.reserveCapacity(present)
            for index in indices {
                guard index < dictionary.count else { throw ParquetError.malformed("dictionary index \(index) is past the \(dictionary.count) entries") }
                values.append(dictionary[Int(index)])
            }
        case .rle where leaf.kind == .bool:
            var position = data.startIndex
            let region = try lengthPrefixed(data, at: &position, what: "RLE booleans")
            var decoder = try RLEBitPackedHybridDecoder(region, bitWidth: 1)
            indices.removeAll(keepingCapacity: true)
            try decoder.decode(count: present, into: &indices)
            values.reserveCapacity(present)
            for bit in indices { values.append(.bool(bit == 1)) }
        default:
            throw ParquetError.unsupported("\(encoding) encoding")
        }
    }
}
