// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IAmmFactory} from "../interfaces/IAmmFactory.sol";
import {IAmmPair} from "../interfaces/IAmmPair.sol";

/// @title AmmLibrary
/// @notice Constant-product quotes, as Uniswap V2's `UniswapV2Library`, with the fee in basis points.
/// @dev Mirrored to the wei by `server/math/amm.ts` (same names, same rounding). With `feeBps = 30`
///      these are exactly Uniswap V2's formulas: 9970/10000 is 997/1000 scaled by ten.
library AmmLibrary {
    /// @notice Basis points in one whole: fees are written as x / 10,000.
    uint256 internal constant BPS = 10_000;

    /// @notice Both tokens are the same token.
    error IdenticalAddresses();

    /// @notice A token is the zero address.
    error ZeroAddress();

    /// @notice `quote` was asked about zero.
    error InsufficientAmount();

    /// @notice `getAmountOut` was asked about a zero input.
    error InsufficientInputAmount();

    /// @notice `getAmountIn` was asked about a zero output.
    error InsufficientOutputAmount();

    /// @notice A reserve is zero, or the output asked for is the whole reserve or more.
    error InsufficientLiquidity();

    /// @notice A path needs at least two tokens.
    error InvalidPath();

    /// @notice The factory has no pair for these two tokens.
    error PairNotFound(address tokenA, address tokenB);

    // returns the two tokens sorted by address, as a pair stores them (token0 < token1)
    function sortTokens(address tokenA, address tokenB) internal pure returns (address token0, address token1) {
        if (tokenA == tokenB) revert IdenticalAddresses();
        (token0, token1) = tokenA < tokenB ? (tokenA, tokenB) : (tokenB, tokenA);
        if (token0 == address(0)) revert ZeroAddress();
    }

    // given some amount of an asset and pair reserves, returns an equivalent amount of the other asset
    /// @dev Returns amountA · reserveB / reserveA rounded down.
    function quote(uint256 amountA, uint256 reserveA, uint256 reserveB) internal pure returns (uint256 amountB) {
        if (amountA == 0) revert InsufficientAmount();
        if (reserveA == 0 || reserveB == 0) revert InsufficientLiquidity();
        amountB = (amountA * reserveB) / reserveA;
    }

    // given an input amount of an asset and pair reserves, returns the maximum output amount of the other asset
    /// @dev Returns in·(10000−fee)·Rout / (Rin·10000 + in·(10000−fee)) rounded down.
    function getAmountOut(uint256 amountIn, uint256 reserveIn, uint256 reserveOut, uint256 feeBps)
        internal
        pure
        returns (uint256 amountOut)
    {
        if (amountIn == 0) revert InsufficientInputAmount();
        if (reserveIn == 0 || reserveOut == 0) revert InsufficientLiquidity();
        uint256 amountInWithFee = amountIn * (BPS - feeBps);
        uint256 numerator = amountInWithFee * reserveOut;
        uint256 denominator = reserveIn * BPS + amountInWithFee;
        amountOut = numerator / denominator;
    }

    // given an output amount of an asset and pair reserves, returns a required input amount of the other asset
    /// @dev Returns Rin·out·10000 / ((Rout − out)·(10000−fee)) + 1: the +1 rounds up (as Uniswap V2),
    ///      so the input always pays at least the exact amount.
    function getAmountIn(uint256 amountOut, uint256 reserveIn, uint256 reserveOut, uint256 feeBps)
        internal
        pure
        returns (uint256 amountIn)
    {
        if (amountOut == 0) revert InsufficientOutputAmount();
        if (reserveIn == 0 || reserveOut == 0) revert InsufficientLiquidity();
        if (amountOut >= reserveOut) revert InsufficientLiquidity();
        uint256 numerator = reserveIn * amountOut * BPS;
        uint256 denominator = (reserveOut - amountOut) * (BPS - feeBps);
        amountIn = numerator / denominator + 1;
    }

    // returns the factory's pair for two tokens, reverting if there is none
    function pairFor(address factory, address tokenA, address tokenB) internal view returns (address pair) {
        pair = IAmmFactory(factory).getPair(tokenA, tokenB);
        if (pair == address(0)) revert PairNotFound(tokenA, tokenB);
    }

    // fetches and sorts the reserves for a pair (found through the factory, not an init-code hash)
    function getReserves(address factory, address tokenA, address tokenB)
        internal
        view
        returns (uint256 reserveA, uint256 reserveB)
    {
        (address token0,) = sortTokens(tokenA, tokenB);
        (uint256 reserve0, uint256 reserve1,) = IAmmPair(pairFor(factory, tokenA, tokenB)).getReserves();
        (reserveA, reserveB) = tokenA == token0 ? (reserve0, reserve1) : (reserve1, reserve0);
    }

    // performs chained getAmountOut calculations on any number of pairs
    function getAmountsOut(address factory, uint256 amountIn, address[] memory path)
        internal
        view
        returns (uint256[] memory amounts)
    {
        if (path.length < 2) revert InvalidPath();
        uint256 feeBps = IAmmFactory(factory).swapFeeBps();
        amounts = new uint256[](path.length);
        amounts[0] = amountIn;
        for (uint256 i = 0; i < path.length - 1; i++) {
            (uint256 reserveIn, uint256 reserveOut) = getReserves(factory, path[i], path[i + 1]);
            amounts[i + 1] = getAmountOut(amounts[i], reserveIn, reserveOut, feeBps);
        }
    }

    // performs chained getAmountIn calculations on any number of pairs
    function getAmountsIn(address factory, uint256 amountOut, address[] memory path)
        internal
        view
        returns (uint256[] memory amounts)
    {
        if (path.length < 2) revert InvalidPath();
        uint256 feeBps = IAmmFactory(factory).swapFeeBps();
        amounts = new uint256[](path.length);
        amounts[amounts.length - 1] = amountOut;
        for (uint256 i = path.length - 1; i > 0; i--) {
            (uint256 reserveIn, uint256 reserveOut) = getReserves(factory, path[i - 1], path[i]);
            amounts[i - 1] = getAmountIn(amounts[i], reserveIn, reserveOut, feeBps);
        }
    }
}
