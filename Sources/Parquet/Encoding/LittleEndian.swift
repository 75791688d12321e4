extension ArraySlice<UInt8> {
    /// The little-endian `UInt32` at `index` (the caller has checked that 4 bytes are there).
    @inline(__always)
    func uint32LE(at index: Int) -> UInt32 {
        UInt32(self[index]) | UInt32(self[index + 1]) << 8 | UInt32(self[index + 2]) << 16 | UInt32(self[index + 3]) << 24
    }

    /// The little-endian `UInt64` at `index` (the caller has checked that 8 bytes are there).
    @inline(__always)
    func uint64LE(at index: Int) -> UInt64 {
        UInt64(uint32LE(at: index)) | UInt64(uint32LE(at: index + 4)) << 32
    }
}

extension Array<UInt8> {
    /// Appends `value` as 4 little-endian bytes.
    mutating func appendLE(_ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }

    /// Appends `value` as 8 little-endian bytes.
    mutating func appendLE(_ value: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }
}
