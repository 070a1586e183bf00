// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IAmmCallee} from "../dex/interfaces/IAmmCallee.sol";
import {IAmmPair} from "../dex/interfaces/IAmmPair.sol";

/// @title FlashSwapBorrowerMock
/// @notice Test helper: borrows from a pair with a flash swap and repays what it is told to,
///         so tests can check that a pair takes exactly its fee, no less.
contract FlashSwapBorrowerMock is IAmmCallee {
    struct Repayment {
        address token;
        uint256 amount;
        bool reenter;
    }

    /// @notice What the last callback received.
    address public lastSender;
    uint256 public lastAmount0;
    uint256 public lastAmount1;

    /// @notice Flash-swaps `amount0Out`/`amount1Out` from `pair`, then pays back `repayAmount` of `repayToken`
    ///         from this contract's balance; with `reenter`, also tries to call the pair again from the callback.
    function borrow(
        IAmmPair pair,
        uint256 amount0Out,
        uint256 amount1Out,
        address repayToken,
        uint256 repayAmount,
        bool reenter
    ) external {
        pair.swap(amount0Out, amount1Out, address(this), abi.encode(Repayment(repayToken, repayAmount, reenter)));
    }

    /// @inheritdoc IAmmCallee
    function uniswapV2Call(address sender, uint256 amount0, uint256 amount1, bytes calldata data) external {
        (lastSender, lastAmount0, lastAmount1) = (sender, amount0, amount1);
        Repayment memory repayment = abi.decode(data, (Repayment));
        if (repayment.reenter) IAmmPair(msg.sender).sync();
        if (repayment.amount > 0) IERC20(repayment.token).transfer(msg.sender, repayment.amount);
    }
}
