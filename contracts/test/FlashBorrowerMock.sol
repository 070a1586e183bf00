// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC3156FlashBorrower} from "@openzeppelin/contracts/interfaces/IERC3156FlashBorrower.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Address} from "@openzeppelin/contracts/utils/Address.sol";

/// @title FlashBorrowerMock
/// @notice A test ERC-3156 borrower that behaves as told: repays, forgets to approve, or answers wrongly.
/// @dev Not part of the sandbox's world; tests use it to reach every branch of `flashLoan`.
contract FlashBorrowerMock is IERC3156FlashBorrower {
    enum Behavior {
        Repay, // approve loan + fee, return the magic value
        SkipApproval, // return the magic value without approving the repayment
        WrongReturnValue // approve, but return something other than the magic value
    }

    /// @notice Only this lender may call `onFlashLoan`.
    address public immutable lender;

    /// @notice What the next `onFlashLoan` does.
    Behavior public behavior;

    /// @notice Arguments of the last `onFlashLoan`, for tests to check.
    address public lastInitiator;
    address public lastToken;
    uint256 public lastAmount;
    uint256 public lastFee;
    /// @notice This contract's balance of the token while it held the loan.
    uint256 public balanceDuringLoan;

    /// @notice `onFlashLoan` was called by someone other than the lender.
    error UntrustedLender(address caller);

    constructor(address lender_) {
        lender = lender_;
    }

    /// @notice Sets what the next `onFlashLoan` does.
    function setBehavior(Behavior behavior_) external {
        behavior = behavior_;
    }

    /// @inheritdoc IERC3156FlashBorrower
    /// @dev If `data` is not empty it is `abi.encode(address target, bytes callData)`: the borrower calls
    ///      `target` with the loan in hand (a liquidation, say) before repaying. Its approval to the lender
    ///      is unlimited, so such a call may also spend the token through the lender.
    function onFlashLoan(address initiator, address token, uint256 amount, uint256 fee, bytes calldata data)
        external
        returns (bytes32)
    {
        if (msg.sender != lender) revert UntrustedLender(msg.sender);
        lastInitiator = initiator;
        lastToken = token;
        lastAmount = amount;
        lastFee = fee;
        balanceDuringLoan = IERC20(token).balanceOf(address(this));

        if (behavior != Behavior.SkipApproval) IERC20(token).approve(lender, type(uint256).max);
        if (data.length != 0) {
            (address target, bytes memory callData) = abi.decode(data, (address, bytes));
            Address.functionCall(target, callData);
        }
        if (behavior == Behavior.WrongReturnValue) return bytes32(0);
        return keccak256("ERC3156FlashBorrower.onFlashLoan");
    }
}
