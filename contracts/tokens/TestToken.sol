// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/// @title TestToken
/// @notice A mintable ERC-20 for the sandbox (USDC, DAI, WBTC …) with the real token's decimals.
/// @dev The owner (the sandbox admin) decides who may mint: itself and the faucet.
contract TestToken is ERC20, Ownable {
    uint8 private immutable _decimals;

    /// @notice Accounts allowed to mint, besides the owner.
    mapping(address account => bool) public isMinter;

    /// @notice The caller may not mint.
    error NotMinter(address caller);

    /// @notice `account` was allowed (or no longer allowed) to mint.
    event MinterSet(address indexed account, bool allowed);

    constructor(string memory name_, string memory symbol_, uint8 decimals_, address owner_)
        ERC20(name_, symbol_)
        Ownable(owner_)
    {
        _decimals = decimals_;
    }

    /// @inheritdoc ERC20
    function decimals() public view override returns (uint8) {
        return _decimals;
    }

    /// @notice Creates `amount` base units for `to`. Owner or minters only.
    function mint(address to, uint256 amount) external {
        if (msg.sender != owner() && !isMinter[msg.sender]) revert NotMinter(msg.sender);
        _mint(to, amount);
    }

    /// @notice Allows or forbids `account` to mint.
    function setMinter(address account, bool allowed) external onlyOwner {
        isMinter[account] = allowed;
        emit MinterSet(account, allowed);
    }
}
