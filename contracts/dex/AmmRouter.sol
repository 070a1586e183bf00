// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IAmmFactory} from "./interfaces/IAmmFactory.sol";
import {IAmmPair} from "./interfaces/IAmmPair.sol";
import {IAmmRouter} from "./interfaces/IAmmRouter.sol";
import {AmmLibrary} from "./libraries/AmmLibrary.sol";

/// @title AmmRouter
/// @notice Uniswap V2's Router02 for ERC-20 pairs (no ETH functions): liquidity, exact-in and exact-out
///         swaps along a path, and quotes with the factory's fee.
/// @dev The router never holds tokens: it moves them from the caller straight to the pairs.
///      Every slippage check names the amount it got and the limit it was given.
contract AmmRouter is IAmmRouter {
    using SafeERC20 for IERC20;

    /// @inheritdoc IAmmRouter
    address public immutable factory;

    modifier ensure(uint256 deadline) {
        if (deadline < block.timestamp) revert Expired(deadline, block.timestamp);
        _;
    }

    constructor(address factory_) {
        factory = factory_;
    }

    // ───────────────────────────── liquidity ─────────────────────────────

    /// @inheritdoc IAmmRouter
    function addLiquidity(
        address tokenA,
        address tokenB,
        uint256 amountADesired,
        uint256 amountBDesired,
        uint256 amountAMin,
        uint256 amountBMin,
        address to,
        uint256 deadline
    ) external ensure(deadline) returns (uint256 amountA, uint256 amountB, uint256 liquidity) {
        (amountA, amountB) = _addLiquidity(tokenA, tokenB, amountADesired, amountBDesired, amountAMin, amountBMin);
        liquidity = _deposit(tokenA, tokenB, amountA, amountB, to);
    }

    /// @inheritdoc IAmmRouter
    function removeLiquidity(
        address tokenA,
        address tokenB,
        uint256 liquidity,
        uint256 amountAMin,
        uint256 amountBMin,
        address to,
        uint256 deadline
    ) public ensure(deadline) returns (uint256 amountA, uint256 amountB) {
        address pair = AmmLibrary.pairFor(factory, tokenA, tokenB);
        IERC20(pair).safeTransferFrom(msg.sender, pair, liquidity);
        (uint256 amount0, uint256 amount1) = IAmmPair(pair).burn(to);
        (address token0,) = AmmLibrary.sortTokens(tokenA, tokenB);
        (amountA, amountB) = tokenA == token0 ? (amount0, amount1) : (amount1, amount0);
        if (amountA < amountAMin) revert InsufficientAAmount(amountA, amountAMin);
        if (amountB < amountBMin) revert InsufficientBAmount(amountB, amountBMin);
    }

    // ───────────────────────────── swaps ─────────────────────────────

    /// @inheritdoc IAmmRouter
    function swapExactTokensForTokens(
        uint256 amountIn,
        uint256 amountOutMin,
        address[] calldata path,
        address to,
        uint256 deadline
    ) external ensure(deadline) returns (uint256[] memory amounts) {
        amounts = AmmLibrary.getAmountsOut(factory, amountIn, path);
        uint256 amountOut = amounts[amounts.length - 1];
        if (amountOut < amountOutMin) revert InsufficientOutputAmount(amountOut, amountOutMin);
        IERC20(path[0]).safeTransferFrom(msg.sender, AmmLibrary.pairFor(factory, path[0], path[1]), amounts[0]);
        _swap(amounts, path, to);
    }

    /// @inheritdoc IAmmRouter
    function swapTokensForExactTokens(
        uint256 amountOut,
        uint256 amountInMax,
        address[] calldata path,
        address to,
        uint256 deadline
    ) external ensure(deadline) returns (uint256[] memory amounts) {
        amounts = AmmLibrary.getAmountsIn(factory, amountOut, path);
        if (amounts[0] > amountInMax) revert ExcessiveInputAmount(amounts[0], amountInMax);
        IERC20(path[0]).safeTransferFrom(msg.sender, AmmLibrary.pairFor(factory, path[0], path[1]), amounts[0]);
        _swap(amounts, path, to);
    }

    // ───────────────────────────── quotes ─────────────────────────────

    /// @inheritdoc IAmmRouter
    function quote(uint256 amountA, uint256 reserveA, uint256 reserveB) external pure returns (uint256 amountB) {
        return AmmLibrary.quote(amountA, reserveA, reserveB);
    }

    /// @inheritdoc IAmmRouter
    function getAmountOut(uint256 amountIn, uint256 reserveIn, uint256 reserveOut)
        external
        view
        returns (uint256 amountOut)
    {
        return AmmLibrary.getAmountOut(amountIn, reserveIn, reserveOut, IAmmFactory(factory).swapFeeBps());
    }

    /// @inheritdoc IAmmRouter
    function getAmountIn(uint256 amountOut, uint256 reserveIn, uint256 reserveOut)
        external
        view
        returns (uint256 amountIn)
    {
        return AmmLibrary.getAmountIn(amountOut, reserveIn, reserveOut, IAmmFactory(factory).swapFeeBps());
    }

    /// @inheritdoc IAmmRouter
    function getAmountsOut(uint256 amountIn, address[] calldata path) external view returns (uint256[] memory amounts) {
        return AmmLibrary.getAmountsOut(factory, amountIn, path);
    }

    /// @inheritdoc IAmmRouter
    function getAmountsIn(uint256 amountOut, address[] calldata path) external view returns (uint256[] memory amounts) {
        return AmmLibrary.getAmountsIn(factory, amountOut, path);
    }

    // ───────────────────────────── internals ─────────────────────────────

    /// @dev Returns the amounts to deposit: the desired amount of one token and the other at the
    ///      pair's current ratio (`quote`), whichever fits within both desired amounts.
    ///      An empty or new pair takes the desired amounts as they are: the first deposit sets the price.
    function _addLiquidity(
        address tokenA,
        address tokenB,
        uint256 amountADesired,
        uint256 amountBDesired,
        uint256 amountAMin,
        uint256 amountBMin
    ) private returns (uint256 amountA, uint256 amountB) {
        if (IAmmFactory(factory).getPair(tokenA, tokenB) == address(0)) {
            IAmmFactory(factory).createPair(tokenA, tokenB);
        }
        (uint256 reserveA, uint256 reserveB) = AmmLibrary.getReserves(factory, tokenA, tokenB);
        if (reserveA == 0 && reserveB == 0) return (amountADesired, amountBDesired);
        uint256 amountBOptimal = AmmLibrary.quote(amountADesired, reserveA, reserveB);
        if (amountBOptimal <= amountBDesired) {
            if (amountBOptimal < amountBMin) revert InsufficientBAmount(amountBOptimal, amountBMin);
            return (amountADesired, amountBOptimal);
        }
        // quote is monotonic, so amountAOptimal ≤ amountADesired here (Uniswap V2 asserts it).
        uint256 amountAOptimal = AmmLibrary.quote(amountBDesired, reserveB, reserveA);
        if (amountAOptimal < amountAMin) revert InsufficientAAmount(amountAOptimal, amountAMin);
        return (amountAOptimal, amountBDesired);
    }

    /// @dev Moves both amounts from the caller to the pair and returns the LP tokens it minted to `to`.
    function _deposit(address tokenA, address tokenB, uint256 amountA, uint256 amountB, address to)
        private
        returns (uint256 liquidity)
    {
        address pair = AmmLibrary.pairFor(factory, tokenA, tokenB);
        IERC20(tokenA).safeTransferFrom(msg.sender, pair, amountA);
        IERC20(tokenB).safeTransferFrom(msg.sender, pair, amountB);
        liquidity = IAmmPair(pair).mint(to);
    }

    /// @dev Swaps along `path`, each pair sending its output straight to the next pair (no detour
    ///      through the router) and the last one to `to`. The first pair must already hold `amounts[0]`.
    function _swap(uint256[] memory amounts, address[] calldata path, address to) private {
        for (uint256 i = 0; i < path.length - 1; i++) {
            (address input, address output) = (path[i], path[i + 1]);
            (address token0,) = AmmLibrary.sortTokens(input, output);
            uint256 amountOut = amounts[i + 1];
            (uint256 amount0Out, uint256 amount1Out) = input == token0 ? (uint256(0), amountOut) : (amountOut, 0);
            address recipient = i < path.length - 2 ? AmmLibrary.pairFor(factory, output, path[i + 2]) : to;
            IAmmPair(AmmLibrary.pairFor(factory, input, output)).swap(amount0Out, amount1Out, recipient, new bytes(0));
        }
    }
}
