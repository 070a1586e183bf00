// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title IAmmCallee
/// @notice Receiver of a flash swap: same selector as Uniswap V2's `IUniswapV2Callee`.
interface IAmmCallee {
    /// @notice Called by a pair during `swap` when `data` is not empty, after the pair sent the output
    ///         tokens and before it checks the constant product. The callee must have paid the pair
    ///         back (in either token, fee included) by the time it returns.
    /// @param sender Who called `swap` on the pair.
    /// @param amount0 How much of token0 the pair sent.
    /// @param amount1 How much of token1 the pair sent.
    /// @param data The bytes given to `swap`, passed through untouched.
    function uniswapV2Call(address sender, uint256 amount0, uint256 amount1, bytes calldata data) external;
}
