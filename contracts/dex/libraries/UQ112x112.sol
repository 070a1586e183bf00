// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title UQ112x112
/// @notice Binary fixed-point numbers with 112 integer bits and 112 fraction bits, as in Uniswap V2.
/// @dev Range [0, 2^112 − 1], resolution 1 / 2^112. Used for the pair's price accumulators:
///      a price reserve1 / reserve0 of two uint112 reserves always fits in a uint224.
library UQ112x112 {
    uint224 internal constant Q112 = 2 ** 112;

    /// @dev Returns `y` as a UQ112x112 (y · 2^112); never overflows.
    function encode(uint112 y) internal pure returns (uint224 z) {
        z = uint224(y) * Q112;
    }

    /// @dev Returns the UQ112x112 `x` divided by the integer `y`, rounded down.
    function uqdiv(uint224 x, uint112 y) internal pure returns (uint224 z) {
        z = x / uint224(y);
    }
}
