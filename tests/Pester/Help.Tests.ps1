BeforeDiscovery {
    Import-Module $env:INITIALIZERS_MODULE -Force
    $script:Commands = Get-Command -Module Initializers | ForEach-Object { @{ Name = $_.Name } }
    $script:Examples = foreach ($c in Get-Command -Module Initializers) {
        $i = 0
        foreach ($e in (Get-Help $c.Name -Full).examples.example) {
            $i++
            # "Prints X." / "Prints X: why" / 'Prints "a sentence."' in the remarks is what the example must print.
            $remarks = ($e.remarks | ForEach-Object Text) -join ' '
            $prints = if ($remarks -match '^\s*Prints (?:"(?<q>[^"]*)"|(?<v>\S+?))[.:;]?(?:\s|$)') { if ($Matches.q) { $Matches.q } else { $Matches.v } }
            @{ Name = $c.Name; Number = $i; Code = ($e.code -join "`n"); Prints = $prints }
        }
    }
}

BeforeAll {
    . $PSScriptRoot/Common.ps1
    Import-Module $ModulePath -Force
}

Describe 'Help for <Name>' -ForEach $Commands {
    BeforeAll {
        $script:Help = Get-Help $Name -Full
        $script:Command = Get-Command $Name
    }

    It 'comes from the MAML file' {
        $Command.HelpFile | Should -BeLike '*Initializers.PowerShell.dll-Help.xml'
    }

    It 'has a synopsis' {
        $Help.Synopsis | Should -Not -BeNullOrEmpty
        $Help.Synopsis | Should -Not -BeLike "*$Name*[<CommonParameters>]*"
    }

    It 'has a description' {
        ($Help.description.Text -join '') | Should -Not -BeNullOrEmpty
    }

    It 'describes every parameter' {
        $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
        foreach ($p in $Command.Parameters.Keys | Where-Object { $common -notcontains $_ }) {
            $ph = $Help.parameters.parameter | Where-Object name -EQ $p
            $ph | Should -Not -BeNullOrEmpty -Because "-$p needs help"
            ($ph.description.Text -join '') | Should -Not -BeNullOrEmpty -Because "-$p needs a description"
        }
    }

    It 'has at least one example' {
        @($Help.examples.example).Count | Should -BeGreaterThan 0
    }
}

Describe 'Example <Number> of <Name> runs' -ForEach $Examples {
    It 'runs without error' {
        $ErrorActionPreference = 'Stop'
        { $null = & ([scriptblock]::Create($Code)) } | Should -Not -Throw
    }
}

Describe 'Example <Number> of <Name> prints what its help says' -ForEach ($Examples | Where-Object { $_.Prints }) {
    It 'prints <Prints>' {
        (& ([scriptblock]::Create($Code)) | Out-String).Trim() | Should -BeExactly $Prints
    }
}

Describe 'about_Initializers' {
    It 'is found by Get-Help' {
        (Get-Help about_Initializers | Out-String) | Should -Match 'YAML 1\.2'
    }
}
