// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {TestToken} from "./TestToken.sol";

/// @title WETH
/// @notice Wrapped ether as in WETH9: deposit ETH to get WETH 1:1, withdraw to get it back.
/// @dev Also mintable by the sandbox, so that scenarios can fund actors without moving ETH.
contract WETH is TestToken {
    /// @notice The contract could not send ETH back to the caller.
    error EthTransferFailed();

    event Deposit(address indexed dst, uint256 wad);
    event Withdrawal(address indexed src, uint256 wad);

    constructor(address owner_) TestToken("Wrapped Ether", "WETH", 18, owner_) {}

    receive() external payable {
        deposit();
    }

    /// @notice Wraps the ETH sent with the call.
    function deposit() public payable {
        _mint(msg.sender, msg.value);
        emit Deposit(msg.sender, msg.value);
    }

    /// @notice Unwraps `wad` WETH back to ETH.
    function withdraw(uint256 wad) external {
        _burn(msg.sender, wad);
        emit Withdrawal(msg.sender, wad);
        (bool sent,) = msg.sender.call{value: wad}("");
        if (!sent) revert EthTransferFailed();
    }
}
