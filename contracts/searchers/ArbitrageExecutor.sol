// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IAmmPair} from "../dex/interfaces/IAmmPair.sol";
import {AmmLibrary} from "../dex/libraries/AmmLibrary.sol";
import {IArbitrageExecutor} from "./interfaces/IArbitrageExecutor.sol";

/// @title ArbitrageExecutor
/// @notice Runs an arbitrage cycle (e.g. USDC → WETH on one DEX → USDC on another) in one transaction,
///         talking to the pairs directly: cheaper than the router, and pools of different DEXes mix.
/// @dev Capital is the contract's own balance (no flash loan). Each pair sends its output straight to
///      the next pair, so tokens move once per hop. The profit check at the end is what makes the
///      trade risk-free for the searcher: if someone moved the prices first, the whole cycle reverts.
contract ArbitrageExecutor is IArbitrageExecutor, Ownable {
    using SafeERC20 for IERC20;

    constructor(address owner_) Ownable(owner_) {}

    /// @inheritdoc IArbitrageExecutor
    function execute(address tokenIn, uint256 amountIn, Hop[] calldata hops, uint256 minProfit)
        external
        onlyOwner
        returns (uint256 profit)
    {
        if (hops.length == 0 || hops[hops.length - 1].tokenOut != tokenIn) revert NotACycle();
        uint256 balanceBefore = IERC20(tokenIn).balanceOf(address(this));

        IERC20(tokenIn).safeTransfer(hops[0].pair, amountIn);
        uint256 amountOut = _swapAlong(tokenIn, amountIn, hops);

        uint256 balanceAfter = IERC20(tokenIn).balanceOf(address(this));
        if (balanceAfter < balanceBefore + minProfit) {
            revert InsufficientProfit(int256(balanceAfter) - int256(balanceBefore), minProfit);
        }
        profit = balanceAfter - balanceBefore;
        emit ArbitrageExecuted(tokenIn, amountIn, amountOut, profit);
    }

    /// @inheritdoc IArbitrageExecutor
    function withdraw(address token, uint256 amount, address to) external onlyOwner {
        IERC20(token).safeTransfer(to, amount);
        emit Withdrawn(token, amount, to);
    }

    /// @dev Swaps through every hop, the first pair already holding `amountIn`; returns the last output.
    function _swapAlong(address tokenIn, uint256 amountIn, Hop[] calldata hops) private returns (uint256 amount) {
        amount = amountIn;
        address token = tokenIn;
        for (uint256 i = 0; i < hops.length; i++) {
            address recipient = i + 1 < hops.length ? hops[i + 1].pair : address(this);
            amount = _swapHop(i, hops[i], token, amount, recipient);
            token = hops[i].tokenOut;
        }
    }

    /// @dev Swaps `amountIn` of `tokenIn` (already in the pair) for `hop.tokenOut`, sent to `recipient`;
    ///      returns the output, computed from the pair's reserves and fee exactly as the pair checks it.
    function _swapHop(uint256 index, Hop calldata hop, address tokenIn, uint256 amountIn, address recipient)
        private
        returns (uint256 amountOut)
    {
        IAmmPair pair = IAmmPair(hop.pair);
        (address token0, address token1) = (pair.token0(), pair.token1());
        bool zeroForOne = tokenIn == token0 && hop.tokenOut == token1;
        if (!zeroForOne && !(tokenIn == token1 && hop.tokenOut == token0)) {
            revert HopTokenMismatch(index, hop.pair, tokenIn, hop.tokenOut);
        }
        (uint112 reserve0, uint112 reserve1,) = pair.getReserves();
        (uint256 reserveIn, uint256 reserveOut) = zeroForOne ? (reserve0, reserve1) : (reserve1, reserve0);
        amountOut = AmmLibrary.getAmountOut(amountIn, reserveIn, reserveOut, pair.swapFeeBps());
        (uint256 amount0Out, uint256 amount1Out) = zeroForOne ? (uint256(0), amountOut) : (amountOut, 0);
        pair.swap(amount0Out, amount1Out, recipient, "");
    }
}
