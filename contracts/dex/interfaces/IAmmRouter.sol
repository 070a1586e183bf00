// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title IAmmRouter
/// @notice The safe way for people to use the pairs of one factory: it moves tokens, checks slippage
///         and deadlines, and chains swaps along a path. ABI-compatible with Uniswap V2's Router02
///         functions of the same name.
/// @dev The path helpers also revert with `AmmLibrary.InvalidPath()` (fewer than two tokens) and
///      `AmmLibrary.PairNotFound(tokenA, tokenB)`.
interface IAmmRouter {
    /// @notice The transaction was mined after its `deadline`.
    error Expired(uint256 deadline, uint256 timestamp);

    /// @notice The swap would give `amountOut`, less than the `amountOutMin` the caller accepts.
    error InsufficientOutputAmount(uint256 amountOut, uint256 amountOutMin);

    /// @notice The swap would cost `amountIn`, more than the `amountInMax` the caller accepts.
    error ExcessiveInputAmount(uint256 amountIn, uint256 amountInMax);

    /// @notice Only `amountA` of token A would be deposited or withdrawn, less than `amountAMin`.
    error InsufficientAAmount(uint256 amountA, uint256 amountAMin);

    /// @notice Only `amountB` of token B would be deposited or withdrawn, less than `amountBMin`.
    error InsufficientBAmount(uint256 amountB, uint256 amountBMin);

    /// @notice The factory whose pairs this router uses.
    function factory() external view returns (address);

    /// @notice Deposits up to the desired amounts at the pair's current ratio (creating the pair if
    ///         needed) and mints LP tokens to `to`.
    function addLiquidity(
        address tokenA,
        address tokenB,
        uint256 amountADesired,
        uint256 amountBDesired,
        uint256 amountAMin,
        uint256 amountBMin,
        address to,
        uint256 deadline
    ) external returns (uint256 amountA, uint256 amountB, uint256 liquidity);

    /// @notice Burns `liquidity` LP tokens of the caller and sends both tokens to `to`.
    function removeLiquidity(
        address tokenA,
        address tokenB,
        uint256 liquidity,
        uint256 amountAMin,
        uint256 amountBMin,
        address to,
        uint256 deadline
    ) external returns (uint256 amountA, uint256 amountB);

    /// @notice Swaps exactly `amountIn` of `path[0]` for as much as possible of the last token,
    ///         at least `amountOutMin`.
    function swapExactTokensForTokens(
        uint256 amountIn,
        uint256 amountOutMin,
        address[] calldata path,
        address to,
        uint256 deadline
    ) external returns (uint256[] memory amounts);

    /// @notice Swaps as little as possible of `path[0]`, at most `amountInMax`, for exactly `amountOut`
    ///         of the last token.
    function swapTokensForExactTokens(
        uint256 amountOut,
        uint256 amountInMax,
        address[] calldata path,
        address to,
        uint256 deadline
    ) external returns (uint256[] memory amounts);

    /// @notice `amountA` converted at the reserves' ratio, without fee or price impact.
    function quote(uint256 amountA, uint256 reserveA, uint256 reserveB) external pure returns (uint256 amountB);

    /// @notice Output of a swap of `amountIn` against these reserves, with the factory's fee.
    function getAmountOut(uint256 amountIn, uint256 reserveIn, uint256 reserveOut)
        external
        view
        returns (uint256 amountOut);

    /// @notice Input needed to get `amountOut` from these reserves, with the factory's fee.
    function getAmountIn(uint256 amountOut, uint256 reserveIn, uint256 reserveOut)
        external
        view
        returns (uint256 amountIn);

    /// @notice The amount after each hop of a swap of `amountIn` along `path`.
    function getAmountsOut(uint256 amountIn, address[] calldata path) external view returns (uint256[] memory amounts);

    /// @notice The amount needed before each hop to get `amountOut` at the end of `path`.
    function getAmountsIn(uint256 amountOut, address[] calldata path) external view returns (uint256[] memory amounts);
}
