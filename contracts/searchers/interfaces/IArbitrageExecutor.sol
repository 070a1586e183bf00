// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title IArbitrageExecutor
/// @notice A searcher's contract that trades a cycle of pools atomically: either the whole cycle
///         ends with at least the profit the searcher asked for, or the transaction reverts and
///         only the gas is lost.
interface IArbitrageExecutor {
    /// @notice One swap of the cycle: through `pair`, receiving `tokenOut`.
    struct Hop {
        address pair;
        address tokenOut;
    }

    /// @notice The hops do not end in the token the cycle starts with (or there are none).
    error NotACycle();

    /// @notice Hop `hopIndex` cannot swap `tokenIn` for `tokenOut` because `pair` does not hold both.
    error HopTokenMismatch(uint256 hopIndex, address pair, address tokenIn, address tokenOut);

    /// @notice The cycle made `profit` (negative for a loss), less than `minProfit`.
    ///         The shortfall is `minProfit − profit`.
    error InsufficientProfit(int256 profit, uint256 minProfit);

    /// @notice A cycle starting with `amountIn` of `tokenIn` returned `amountOut` of it, `profit` more.
    event ArbitrageExecuted(address indexed tokenIn, uint256 amountIn, uint256 amountOut, uint256 profit);

    /// @notice The owner took `amount` of `token` out of the contract, to `to`.
    event Withdrawn(address indexed token, uint256 amount, address indexed to);

    /// @notice Swaps `amountIn` of `tokenIn` (from the contract's own balance) through every hop in
    ///         order and requires the balance of `tokenIn` to grow by at least `minProfit`. Owner only.
    /// @return profit How much the contract's balance of `tokenIn` grew.
    function execute(address tokenIn, uint256 amountIn, Hop[] calldata hops, uint256 minProfit)
        external
        returns (uint256 profit);

    /// @notice Sends `amount` of `token` held by the contract to `to`. Owner only.
    function withdraw(address token, uint256 amount, address to) external;
}
