/// Reads one column chunk of a row group: its byte range from the file, then page after page
/// (dictionary, data v1, data v2; index pages and unknown page types are skipped) into cells.
struct ColumnChunkReader {
    let leaf: LeafLayout
    let metadata: ColumnMetaData
    let rowCount: Int
    let limits: ParquetReadLimits

    /// The chunk's cells, one per row of the row group.
    ///
    /// - Throws: ``ParquetError`` (without file, row group or column; the caller adds them).
    func read(from source: FileSource) throws(ParquetError) -> [ParquetValue] {
        try validate()
        let (start, length) = try byteRange(fileSize: source.size)
        let bytes = try source.read(offset: start, count: length)
        let expectedValues = Int(metadata.numValues)
        var decoder = PageDecoder(leaf: leaf, codec: metadata.codec, limits: limits)
        var assembler = ColumnAssembler(leaf: leaf, expectedRows: rowCount)
        var position = bytes.startIndex
        var valuesRead = 0
        while valuesRead < expectedValues {
            guard position < bytes.endIndex else {
                throw ParquetError.malformed("the column chunk ends after \(valuesRead) of its \(expectedValues) values")
            }
            var reader = CompactReader(bytes[position...])
            let header = try PageHeader(from: &reader)
            let size = Int(header.compressedPageSize)
            guard size <= limits.maxPageBytes, Int(header.uncompressedPageSize) <= limits.maxPageBytes else {
                throw ParquetError.limit("a page of \(header.compressedPageSize) (\(header.uncompressedPageSize) uncompressed) bytes is above the cap of \(limits.maxPageBytes)")
            }
            guard size <= bytes.endIndex - reader.position else {
                throw ParquetError.malformed("a page of \(size) bytes runs past the column chunk's end")
            }
            let body = bytes[reader.position ..< reader.position + size]
            position = reader.position + size
            let count: Int
            switch header.type {
            case .dictionaryPage:
                guard valuesRead == 0, !decoder.hasDictionary else { throw ParquetError.malformed("a dictionary page follows data pages or another dictionary page") }
                try decoder.readDictionaryPage(header, body: body)
                continue
            case .dataPage: count = try decoder.readDataPage(header, body: body, remaining: expectedValues - valuesRead)
            case .dataPageV2: count = try decoder.readDataPageV2(header, body: body, remaining: expectedValues - valuesRead)
            default: continue
            }
            valuesRead += count
            try assembler.append(count: count, definition: decoder.definition, repetition: decoder.repetition, values: decoder.values)
        }
        return try assembler.finish()
    }

    private func validate() throws(ParquetError) {
        guard metadata.codec.isSupported else { throw ParquetError.unsupported("\(metadata.codec) compression") }
        guard metadata.type == leaf.kind.physicalType else {
            throw ParquetError.malformed("the column chunk's type \(metadata.type) differs from the schema's \(leaf.kind.physicalType)")
        }
        guard metadata.pathInSchema == leaf.path else {
            throw ParquetError.malformed("the column chunk's path \(metadata.pathInSchema.joined(separator: ".")) differs from the schema's \(leaf.path.joined(separator: "."))")
        }
        guard metadata.numValues >= 0 else { throw ParquetError.malformed("the column chunk declares \(metadata.numValues) values") }
        guard leaf.maxRepetitionLevel > 0 || metadata.numValues == Int64(rowCount) else {
            throw ParquetError.malformed("the column chunk declares \(metadata.numValues) values for the row group's \(rowCount) rows")
        }
        guard metadata.numValues <= Int64(limits.maxValuesPerColumnChunk) else {
            throw ParquetError.limit("the column chunk declares \(metadata.numValues) values, above the cap of \(limits.maxValuesPerColumnChunk)")
        }
        guard metadata.totalCompressedSize >= 0 else { throw ParquetError.malformed("the column chunk declares \(metadata.totalCompressedSize) bytes") }
        guard metadata.totalCompressedSize <= Int64(limits.maxColumnChunkBytes) else {
            throw ParquetError.limit("the column chunk of \(metadata.totalCompressedSize) bytes is above the cap of \(limits.maxColumnChunkBytes)")
        }
    }

    /// Where the chunk's pages are: from the dictionary page (when there is one) or the first data page.
    private func byteRange(fileSize: Int) throws(ParquetError) -> (start: Int, length: Int) {
        var start = metadata.dataPageOffset
        if let dictionaryOffset = metadata.dictionaryPageOffset, dictionaryOffset > 0, dictionaryOffset < start { start = dictionaryOffset }
        let length = metadata.totalCompressedSize
        let (end, overflow) = start.addingReportingOverflow(length)
        guard start >= 0, !overflow, end <= Int64(fileSize) else {
            throw ParquetError.malformed("the column chunk's bytes \(start) + \(length) are outside the file of \(fileSize) bytes")
        }
        return (Int(start), Int(length))
    }
}
