// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {TestToken} from "./TestToken.sol";

/// @title Faucet
/// @notice Gives learners a fixed amount of each sandbox token, once per cooldown.
/// @dev Must be a minter of every token it lists.
contract Faucet is Ownable {
    struct Drip {
        TestToken token;
        uint256 amount;
    }

    /// @notice Seconds an account waits between two drips.
    uint256 public immutable cooldown;

    Drip[] private _drips;

    /// @notice When each account last received a drip (block timestamp).
    mapping(address account => uint256) public lastDripAt;

    /// @notice `account` asked again before the cooldown ended.
    error CooldownActive(address account, uint256 availableAt);

    event TokenListed(address indexed token, uint256 amount);
    event Dripped(address indexed to);

    constructor(address owner_, uint256 cooldown_) Ownable(owner_) {
        cooldown = cooldown_;
    }

    /// @notice Adds `token` to every drip, `amount` base units each time.
    function listToken(TestToken token, uint256 amount) external onlyOwner {
        _drips.push(Drip(token, amount));
        emit TokenListed(address(token), amount);
    }

    /// @notice Every listed token and its amount per drip.
    function drips() external view returns (Drip[] memory) {
        return _drips;
    }

    /// @notice Mints each listed token's amount to `to`.
    function drip(address to) external {
        uint256 last = lastDripAt[to];
        if (last != 0 && block.timestamp < last + cooldown) revert CooldownActive(to, last + cooldown);
        lastDripAt[to] = block.timestamp;
        for (uint256 i = 0; i < _drips.length; i++) {
            _drips[i].token.mint(to, _drips[i].amount);
        }
        emit Dripped(to);
    }
}
